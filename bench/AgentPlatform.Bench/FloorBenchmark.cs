using System.Diagnostics;
using AgentPlatform.Bench.Commands;
using AgentPlatform.Embeddings;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// The floor of a hybrid search: the stages Search.Api runs, each alone, in this process, through the same adapters
/// and with the same sizes (the platform's embedding generator at its defaults embedding a query, Chroma top 50 through the vector
/// adapter as ids and similarities (what the semantic engine asks), Lucene top 50 through the full-text adapter as the candidate pass asks, the document store's text search
/// top 50 (fused only when Search:StructuredWeight is above 0), score fusion of the semantic and full-text lists to 10
/// hits as hybrid's default), one query at a time. What a search costs above
/// max(embed + vector, full text) is the service's own overhead: HTTP, fan-out, highlights, serialisation.
/// </summary>
internal static class FloorBenchmark
{
    public const int DefaultQueries = 200;

    /// <summary>Search.Api's candidates per engine at limit 10: max(10 x CandidateFactor 5, MinimumCandidates 50).</summary>
    private const int Candidates = 50;
    private const int HitsKept = 10;
    private const int WarmUpQueries = 10;

    public const string EmbedStage = "embed query";
    private const string VectorStage = "vector top 50 (Chroma adapter)";
    private const string SemanticStage = "embed + vector";
    private const string FullTextStage = "full text top 50 (Lucene adapter)";
    private const string StructuredStage = "structured top 50 (document store)";
    private const string FusionStage = "fusion (min-max, 2 lists to 10)";

    internal sealed record StageStats(string Stage, double P50Ms, double P95Ms, double MeanMs);

    /// <summary><see cref="P50Ms"/> = max(p50 of embed + vector, p50 of full text): the engines run side by side, so a
    /// hybrid search cannot answer before the slower of the two.</summary>
    internal sealed record FloorResult(int Queries, IReadOnlyList<StageStats> Stages, double P50Ms, double P95Ms)
    {
        public StageStats Stage(string name) => Stages.Single(s => s.Stage == name);
    }

    public static async Task RunAsync(FloorOptions options, CancellationToken ct)
    {
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        string[] queries = [.. (await dataset.ReadQueriesAsync()).Values];
        await using LocalStack stack = LocalStack.OpenIngested(options.DataDirectory);
        await stack.StartChromaAsync(ct);
        string loadBefore = BenchEnvironment.LoadAverage();
        FloorResult floor = await MeasureAsync(stack, queries, options.Queries, ct);
        ResultTable table = Table(floor);
        table.Print();
        string summary = $"""
            - {floor.Queries} queries from {dataset.Name}'s queries.jsonl, one at a time, after {WarmUpQueries} unmeasured; each stage alone, in-process, through the adapter Search.Api uses
            - floor = max(embed + vector, full text): p50 {F(floor.P50Ms, 1)} ms, p95 {F(floor.P95Ms, 1)} ms
            - load average (1/5/15 min): before {loadBefore}, after {BenchEnvironment.LoadAverage()} (the machine is shared with other work)
            """;
        Console.WriteLine(summary);
        await ResultFiles.WriteAsync(options.ResultsDirectory, $"floor-{dataset.Name}-{BenchEnvironment.MachineName}", new
        {
            Benchmark = "floor",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            MeasuredAt = DateTimeOffset.UtcNow,
            Floor = floor,
        }, $"""
            # Search floor: {dataset.Name}

            The stages of a hybrid search, each alone, in-process. Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores, shared
            with other work), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {table.ToMarkdown()}
            {summary}
            """);
    }

    /// <summary>Measures every stage over <paramref name="measured"/> of <paramref name="allQueries"/> (after
    /// <see cref="WarmUpQueries"/> unmeasured ones) on <paramref name="stack"/>'s stores; Chroma must be running and no
    /// service may hold the Lucene directory. The stores are closed again before this returns.</summary>
    public static async Task<FloorResult> MeasureAsync(LocalStack stack, IReadOnlyList<string> allQueries, int measured, CancellationToken ct)
    {
        string[] queries = [.. allQueries.Take(measured + WarmUpQueries)];
        using IHost stores = await stack.OpenSearchStoresAsync(ct);
        var vectors = stores.Services.GetRequiredService<IVectorIndex>();
        var fullText = stores.Services.GetRequiredService<IFullTextIndex>();
        var documents = stores.Services.GetRequiredService<IKnowledgeDocumentStore>();
        using var generator = new OnnxEmbeddingGenerator();
        var filter = new SearchFilter();
        var samples = new Dictionary<string, List<double>>
        {
            [EmbedStage] = [], [VectorStage] = [], [SemanticStage] = [], [FullTextStage] = [], [StructuredStage] = [], [FusionStage] = [],
        };
        for (int q = 0; q < queries.Length; q++)
        {
            string query = queries[q];
            long started = Stopwatch.GetTimestamp();
            ReadOnlyMemory<float> embedding = await generator.GenerateVectorAsync(query, EmbeddingInput.Query(), ct);
            double embedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            IReadOnlyList<VectorMatch> vectorHits = await vectors.MatchAsync(LocalStack.TenantId, embedding, Candidates, filter, ct);
            double vectorMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            FullTextResult textHits = await fullText.SearchAsync(FullTextIndexName.Knowledge,
                new FullTextQuery(LocalStack.TenantId, query, filter, 0, Candidates, Highlight: false, WithContent: false), ct);
            double fullTextMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            await documents.SearchTextAsync(LocalStack.TenantId, query, filter, Candidates, ct);
            double structuredMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var lists = new Dictionary<string, IReadOnlyList<EngineHit<int>>>
            {
                ["semantic"] = [.. vectorHits.Select(h => new EngineHit<int>(h.EntryId, h.Similarity, h.ChunkIndex))],
                ["fulltext"] = [.. textHits.Hits.Select(h => new EngineHit<int>(Guid.Parse(h.Document.Id), h.Score, 0))],
            };
            started = Stopwatch.GetTimestamp();
            MinMaxFusion.Fuse(lists, limit: HitsKept);
            double fusionMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            if (q < WarmUpQueries)
                continue;
            samples[EmbedStage].Add(embedMs);
            samples[VectorStage].Add(vectorMs);
            samples[SemanticStage].Add(embedMs + vectorMs);
            samples[FullTextStage].Add(fullTextMs);
            samples[StructuredStage].Add(structuredMs);
            samples[FusionStage].Add(fusionMs);
        }
        StageStats[] stages = [.. samples.Select(s => Summarise(s.Key, s.Value))];
        StageStats semantic = stages.Single(s => s.Stage == SemanticStage), text = stages.Single(s => s.Stage == FullTextStage);
        return new FloorResult(queries.Length - WarmUpQueries, stages, Math.Max(semantic.P50Ms, text.P50Ms), Math.Max(semantic.P95Ms, text.P95Ms));
    }

    public static ResultTable Table(FloorResult floor)
    {
        var table = new ResultTable("stage (in-process)", "p50 ms", "p95 ms", "mean ms");
        foreach (StageStats s in floor.Stages)
            table.Add(s.Stage, F(s.P50Ms, 2), F(s.P95Ms, 2), F(s.MeanMs, 2));
        table.Add("floor = max(embed + vector, full text)", F(floor.P50Ms, 2), F(floor.P95Ms, 2), "");
        return table;
    }

    private static StageStats Summarise(string stage, List<double> milliseconds)
    {
        double[] sorted = [.. milliseconds.Order()];
        return new StageStats(stage, Math.Round(Statistics.Percentile(sorted, 0.5), 2), Math.Round(Statistics.Percentile(sorted, 0.95), 2), Math.Round(sorted.Average(), 2));
    }
}
