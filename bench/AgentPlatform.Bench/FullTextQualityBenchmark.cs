using System.Diagnostics;
using AgentPlatform.Bench.Commands;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// Full-text quality and cost in-process: the corpus is written into a fresh Lucene directory through the platform's own
/// adapter (the documents the worker would write: title and content), and every test query runs through
/// LuceneFullTextIndex.SearchAsync as Search.Api's candidate pass does (limit 100, no highlights), with and without typo
/// handling. No embeddings, no services: a change to analysis or scoring is measured in seconds.
/// </summary>
internal static class FullTextQualityBenchmark
{
    private const int SearchLimit = 100;

    private sealed record Variant(string Name, bool Fuzzy, double Ndcg10, double Recall100, double Mrr10, double P50Ms, double P95Ms, double MeanMs);

    public static async Task RunAsync(FullTextOptions options, CancellationToken ct)
    {
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        IReadOnlyList<BeirDocument> documents = await dataset.ReadCorpusAsync();
        IReadOnlyDictionary<string, string> queryTexts = await dataset.ReadQueriesAsync();
        IReadOnlyDictionary<string, Dictionary<string, int>> qrels = await dataset.ReadTestQrelsAsync();
        var queries = qrels.Where(q => queryTexts.ContainsKey(q.Key)).Select(q => (Id: q.Key, Text: queryTexts[q.Key])).ToList();
        var indexing = Stopwatch.StartNew();
        using var corpus = await TemporaryLuceneCorpus.CreateAsync(dataset, documents, ct);
        var index = corpus.Index;
        Console.WriteLine($"{dataset.Name}: {documents.Count} documents indexed in {indexing.Elapsed.TotalSeconds:F1} s, {queries.Count} test queries; load average {BenchEnvironment.LoadAverage()}.");

        // One unmeasured pass warms the JIT and the reader.
        await EvaluateAsync(index, "warm-up", fuzzy: true, queries, qrels, ct);
        Variant[] variants =
        [
            await EvaluateAsync(index, "with typo handling (Search.Api's default)", fuzzy: true, queries, qrels, ct),
            await EvaluateAsync(index, "exact terms only", fuzzy: false, queries, qrels, ct),
        ];
        string loadAverage = BenchEnvironment.LoadAverage();
        var table = new ResultTable("variant", "nDCG@10", "Recall@100", "MRR@10", "p50 ms", "p95 ms", "mean ms");
        foreach (Variant v in variants)
            table.Add(v.Name, F(v.Ndcg10, 4), F(v.Recall100, 4), F(v.Mrr10, 4), F(v.P50Ms, 2), F(v.P95Ms, 2), F(v.MeanMs, 2));
        table.Print();
        Console.WriteLine($"Load average after: {loadAverage}");
        await ResultFiles.WriteAsync(options.ResultsDirectory, $"fulltext-{dataset.Name}-{BenchEnvironment.MachineName}", new
        {
            Benchmark = "fulltext",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            Documents = documents.Count,
            TestQueries = queries.Count,
            SearchLimit,
            MeasuredAt = DateTimeOffset.UtcNow,
            LoadAverage = loadAverage,
            Results = variants,
        }, $"""
            # Full-text quality in-process: {dataset.Name}

            {documents.Count} documents written through LuceneFullTextIndex (title and content, as the worker writes them), {queries.Count}
            test queries through LuceneFullTextIndex.SearchAsync (limit {SearchLimit}, no highlights), one query at a time after a
            warm-up pass. Machine: {BenchEnvironment.MachineName}, load average {loadAverage} (a shared machine: times are indicative), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {table.ToMarkdown()}
            Reference (SciFact test, nDCG@10): BM25 flat (title+abstract in one field, Porter, k1 0.9, b 0.4; Anserini) 0.6789;
            BM25 multifield 0.6647 (BEIR). See ../shared/datasets/scifact/SOURCE.md.
            """);
    }

    private static async Task<Variant> EvaluateAsync(LuceneFullTextIndex index, string name, bool fuzzy,
        IReadOnlyList<(string Id, string Text)> queries, IReadOnlyDictionary<string, Dictionary<string, int>> qrels, CancellationToken ct)
    {
        var scores = new List<QueryScores>(queries.Count);
        var times = new double[queries.Count];
        for (int i = 0; i < queries.Count; i++)
        {
            long started = Stopwatch.GetTimestamp();
            var result = await index.SearchAsync(FullTextIndexName.Knowledge,
                new FullTextQuery(TemporaryLuceneCorpus.Tenant, queries[i].Text, new SearchFilter(), 0, SearchLimit, Fuzzy: fuzzy, Highlight: false, WithContent: false), ct);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            scores.Add(RetrievalMetrics.Score([.. result.Hits.Select(h => h.Document.Id)], qrels[queries[i].Id]));
        }
        Array.Sort(times);
        return new Variant(name, fuzzy,
            Math.Round(scores.Average(s => s.Ndcg10), 4),
            Math.Round(scores.Average(s => s.Recall100), 4),
            Math.Round(scores.Average(s => s.Mrr10), 4),
            Math.Round(Statistics.Percentile(times, 0.5), 2),
            Math.Round(Statistics.Percentile(times, 0.95), 2),
            Math.Round(times.Average(), 2));
    }
}
