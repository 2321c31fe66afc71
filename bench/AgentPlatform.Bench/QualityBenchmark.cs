using AgentPlatform.Bench.Commands;
using AgentPlatform.Contracts;
using AgentPlatform.Storage.FullText.Lucene;
using System.Collections.Concurrent;
using System.Diagnostics;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// Retrieval quality of Search.Api on a BEIR dataset: the corpus is ingested through the platform (or found already in
/// --data-dir), every test query (queries.jsonl rows whose id is in qrels/test.tsv) runs in each mode with limit 100, and
/// the hits, mapped back to corpus ids through the entries' source, are scored with nDCG@10, Recall@100 and MRR@10.
/// </summary>
internal static class QualityBenchmark
{
    private const int SearchLimit = 100;
    private const int ParallelQueries = 2;
    internal static readonly string[] AllModes = ["hybrid", "semantic", "fulltext", "structured"];

    private const string SciFactReferences = """
        Published nDCG@10 on SciFact (test): BM25 0.665 (BEIR; Anserini multifield 0.6647, flat 0.6789), all-MiniLM-L6-v2 about
        0.645 (MTEB, not verified here); see ../shared/datasets/scifact/SOURCE.md. Target for hybrid: ≥ 0.70.
        """;

    /// <summary>FailedQueries: requests that got no answer (counted with no hits); QueriesWithWarnings includes them.</summary>
    private sealed record ModeResult(string Mode, int Queries, double Ndcg10, double Recall100, double Mrr10,
        double MeanServerMs, double Seconds, int FailedQueries, int QueriesWithWarnings, IReadOnlyList<string> SampleWarnings);

    public static async Task RunAsync(QualityOptions options, CancellationToken ct)
    {
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        int? limit = options.Limit;
        int? queryLimit = options.LimitQueries;
        string[] modes = options.Modes;
        // Search:StructuredWeight and Search:Fusion for this run's Search.Api; unset, its defaults.
        string? structuredWeight = options.StructuredWeight;
        string? fusion = options.Fusion;
        IReadOnlyList<BeirDocument> documents = await dataset.ReadCorpusAsync(limit);
        IReadOnlyDictionary<string, string> queryTexts = await dataset.ReadQueriesAsync();
        IReadOnlyDictionary<string, Dictionary<string, int>> qrels = await dataset.ReadTestQrelsAsync();
        // A corpus subset (--limit) is scored only on the queries that have a judged document inside it.
        var corpusIds = documents.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var queries = qrels
            .Where(q => queryTexts.ContainsKey(q.Key) && (limit is null || q.Value.Keys.Any(corpusIds.Contains)))
            .Select(q => (Id: q.Key, Text: queryTexts[q.Key])).Take(queryLimit ?? int.MaxValue).ToList();
        if (queries.Count == 0)
            throw new UsageException("No test query has a judged document among the documents ingested: raise --limit.");
        Console.WriteLine($"{dataset.Name}: {documents.Count} documents, {queries.Count} test queries; load average {BenchEnvironment.LoadAverage()}.");

        await using LocalStack stack = LocalStack.Open(options.DataDirectory);
        stack.EmbeddingModel = options.Model;
        Console.WriteLine($"Ingesting into {stack.DataDirectory}{(stack.HasData ? " (re-used: only documents not stored yet are embedded)" : "")}...");
        var (chroma, api, worker) = await stack.StartIngestionAsync(ct);
        using PlatformClient ingestion = stack.Client(api);
        CorpusIngestionResult ingested = await CorpusIngestion.RunAsync(ingestion, documents, d => CorpusIngestion.ToEntry(d, dataset.Name), [chroma, api, worker], ct);
        Console.WriteLine($"Ingested in {ingested.TotalSeconds:F1} s: {ingested.Created} new, {ingested.Duplicates} already stored, {ingested.Invalid} invalid, {ingested.FailedEntries} failed.");
        // The worker is idle now. A deployed worker stays up and merges the full-text index it wrote once idle for
        // AgentPlatform:Lucene:IdleMergeDelay; this one is given that time (and some), so the data directory every later
        // benchmark reads is the index a running deployment searches. Ingestion.Api stays up to resolve hits on entries
        // this run did not post (GET /v1/knowledge/{id}).
        if (ingested.Created > 0)
        {
            TimeSpan settle = new LuceneFullTextSettings().IdleMergeDelay + TimeSpan.FromSeconds(10);
            Console.WriteLine($"Leaving the worker idle for {settle.TotalSeconds:F0} s (its full-text index merge)...");
            await Task.Delay(settle, ct);
        }
        await stack.StopAsync(worker);
        // Quality is about ranking, not speed: a generous engine timeout keeps a busy machine's slow engine from turning
        // into missing results (the latency command keeps the default).
        var searchSettings = new Dictionary<string, string> { ["Search:EngineTimeout"] = "00:01:00" };
        if (structuredWeight is not null) searchSettings["Search:StructuredWeight"] = structuredWeight;
        if (fusion is not null) searchSettings["Search:Fusion"] = fusion;
        ServiceProcess searchApi = await stack.StartServiceAsync(LocalStack.SearchApi, ct, searchSettings);
        using PlatformClient search = stack.Client(searchApi);
        var resolver = new CorpusIdResolver(ingestion, ingested.EntryDocuments);

        await search.SearchAsync(queries[0].Text, modes[0], SearchLimit, ct);
        var results = new List<ModeResult>();
        foreach (string mode in modes)
            results.Add(await EvaluateModeAsync(search, resolver, mode, queries, qrels, ct));

        var table = new ResultTable("mode", "nDCG@10", "Recall@100", "MRR@10", "queries", "failed", "with warnings", "mean server ms");
        foreach (ModeResult r in results)
            table.Add(r.Mode, F(r.Ndcg10, 4), F(r.Recall100, 4), F(r.Mrr10, 4), F(r.Queries), F(r.FailedQueries), F(r.QueriesWithWarnings), F(r.MeanServerMs, 1));
        table.Print();
        string subset = (limit, queryLimit) switch
        {
            (null, null) => "",
            _ => $" (subset: {(limit is { } l ? $"first {l} documents and the test queries judged on them" : "all documents")}{(queryLimit is { } q ? $", at most {q} test queries" : "")}; not comparable with published figures)",
        };
        string name = $"quality-{ResultFiles.ModelTag(stack.EmbeddingModel)}{dataset.Name}{(limit is { } n ? $"-limit{n}" : "")}{(queryLimit is { } m ? $"-queries{m}" : "")}"
            + $"{(structuredWeight is null ? "" : $"-structured-weight{structuredWeight}")}{(fusion is null ? "" : $"-fusion-{fusion}")}-{BenchEnvironment.MachineName}";
        await ResultFiles.WriteAsync(options.ResultsDirectory, name, new
        {
            Benchmark = "quality",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            Documents = documents.Count,
            DocumentLimit = limit,
            TestQueries = queries.Count,
            SearchLimit,
            StructuredWeight = structuredWeight,
            Fusion = fusion,
            MeasuredAt = DateTimeOffset.UtcNow,
            Ingestion = new { ingested.Created, ingested.Duplicates, ingested.Invalid, ingested.FailedEntries, ingested.TotalSeconds },
            Results = results,
        }, $"""
            # Retrieval quality: {dataset.Name}{subset}

            {documents.Count} documents ingested through Ingestion.Api and Embedding.Worker (local backend), {queries.Count} test queries
            (queries.jsonl ∩ qrels/test.tsv) sent to POST /v1/search with limit {SearchLimit}; hits mapped to corpus ids by the entries' source.
            Search.Api settings: Search:StructuredWeight = {structuredWeight ?? "0 (default)"}{(structuredWeight is not null && structuredWeight != "0" ? ", so hybrid fuses the structured engine (document store text search) too" : "")}; Search:Fusion = {fusion ?? "MinMax (default)"}.
            nDCG@10 (graded gain, log2 discount), Recall@100, MRR@10, averaged over queries. Machine: {BenchEnvironment.MachineName}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {table.ToMarkdown()}
            {(dataset.Name == "scifact" ? SciFactReferences : "")}
            """);
    }

    private static async Task<ModeResult> EvaluateModeAsync(PlatformClient search, CorpusIdResolver corpusIds, string mode,
        IReadOnlyList<(string Id, string Text)> queries, IReadOnlyDictionary<string, Dictionary<string, int>> qrels, CancellationToken ct)
    {
        var scores = new ConcurrentBag<(QueryScores Scores, double ServerMs, IReadOnlyList<string> Warnings)>();
        var elapsed = Stopwatch.StartNew();
        using var progress = new ProgressLine($"{mode} queries", queries.Count);
        int done = 0, failed = 0;
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = ParallelQueries, CancellationToken = ct }, async (query, token) =>
        {
            SearchResponse response;
            try
            {
                response = await search.SearchAsync(query.Text, mode, SearchLimit, token);
            }
            catch (HttpRequestException e)
            {
                // Scored as a query that found nothing, and reported.
                response = new SearchResponse([], [e.Message], 0);
                Interlocked.Increment(ref failed);
            }
            var ranking = new List<string>(response.Hits.Count);
            foreach (SearchHit hit in response.Hits)
                ranking.Add(await corpusIds.ResolveAsync(hit.EntryId, token));
            scores.Add((RetrievalMetrics.Score(ranking, qrels[query.Id]), response.TookMs, response.Warnings));
            progress.Report(Interlocked.Increment(ref done));
        });
        return new ModeResult(mode, scores.Count,
            Math.Round(scores.Average(s => s.Scores.Ndcg10), 4),
            Math.Round(scores.Average(s => s.Scores.Recall100), 4),
            Math.Round(scores.Average(s => s.Scores.Mrr10), 4),
            Math.Round(scores.Average(s => s.ServerMs), 1),
            Math.Round(elapsed.Elapsed.TotalSeconds, 1),
            failed,
            scores.Count(s => s.Warnings.Count > 0),
            [.. scores.SelectMany(s => s.Warnings).Distinct().Take(3)]);
    }

    /// <summary>Entry id → corpus id: from the batch responses, else (an entry stored by an earlier run) its source via GET /v1/knowledge/{id}, cached.</summary>
    private sealed class CorpusIdResolver(PlatformClient ingestion, IReadOnlyDictionary<Guid, string> known)
    {
        private readonly ConcurrentDictionary<Guid, string> _fetched = new();

        public async ValueTask<string> ResolveAsync(Guid entryId, CancellationToken ct)
        {
            if (known.TryGetValue(entryId, out string? id) || _fetched.TryGetValue(entryId, out id))
                return id;
            KnowledgeEntrySummary entry = await ingestion.GetKnowledgeAsync(entryId, ct);
            return _fetched[entryId] = entry.Source ?? $"entry:{entryId}";
        }
    }
}
