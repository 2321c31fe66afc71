using AgentPlatform.Bench.Commands;
using AgentPlatform.Contracts;
using AgentPlatform.Storage.Vectors.Chroma;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// Search latency over HTTP: Search.Api (and Chroma) started over a data directory that ingest or quality filled, then
/// for each mode and client count a closed loop (each client sends its next query as soon as the previous answer
/// arrives) for a fixed time after a warm-up. Queries cycle through the dataset's queries.jsonl. The floor (the same
/// stages in-process, <see cref="FloorBenchmark"/>) is measured first in the same run, so the table carries it; with a
/// baseline checkout, that build's Search.Api answers the same hybrid load afterwards, over the same data.
/// </summary>
internal static class LatencyBenchmark
{
    internal static readonly string[] AllModes = ["hybrid", "semantic", "fulltext"];
    private const string Hybrid = "hybrid";

    /// <summary>Search.Api's settings here and in peers: the query-embedding cache is off by default, because the loops cycle through
    /// a fixed query list, so cached embeddings would measure the repeats of the benchmark, not a search (and the floor
    /// embeds every query).</summary>
    internal static IReadOnlyDictionary<string, string> SearchSettings(int queryEmbeddingCacheSize = 0) =>
        new Dictionary<string, string> { ["Search:QueryEmbeddingCacheSize"] = queryEmbeddingCacheSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private sealed record BaselineRow(int Clients, double RequestsPerSecond, double BaselineRequestsPerSecond, double? Ratio);

    public static async Task RunAsync(LatencyOptions options, CancellationToken ct)
    {
        string dataDirectory = options.DataDirectory;
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        string[] queries = [.. (await dataset.ReadQueriesAsync()).Values];
        if (options.Replicate > 1)
            dataDirectory = await IndexReplication.EnsureReplicatedAsync(dataDirectory, options.Replicate, ct);

        await using LocalStack stack = LocalStack.OpenIngested(dataDirectory);
        ServiceProcess chroma = await stack.StartChromaAsync(ct);
        long chunks = await CountChunksAsync(chroma.Address, ct);
        string loadBefore = BenchEnvironment.LoadAverage();
        Console.WriteLine($"{chunks} chunks in {stack.DataDirectory}; {queries.Length} queries from {dataset.Name}; load average {loadBefore}.");

        // Before any service opens the Lucene directory: the in-process adapter takes its write lock.
        Console.WriteLine("Floor: the stages in-process...");
        FloorBenchmark.FloorResult floor = await FloorBenchmark.MeasureAsync(stack, queries, FloorBenchmark.DefaultQueries, ct);
        ResultTable floorTable = FloorBenchmark.Table(floor);
        floorTable.Print();

        var searchSettings = SearchSettings(options.QueryEmbeddingCache ?? 0);
        ServiceProcess searchApi = await stack.StartServiceAsync(LocalStack.SearchApi, ct, searchSettings);
        var cells = await MeasureRowsAsync(stack, searchApi, options, options.Modes, queries, "", ct);
        await stack.StopAsync(searchApi);

        var baselineRows = new List<BaselineRow>();
        if (options.Baseline is { } checkout)
        {
            Console.WriteLine($"Baseline: Search.Api of {checkout}, hybrid, same data...");
            await stack.ForgetDocumentsSchemaVersionsAsync(ct);
            ServiceProcess baseline = await stack.StartServiceAsync(LocalStack.SearchApi, ct, searchSettings, checkout);
            var baselineCells = await MeasureRowsAsync(stack, baseline, options, [Hybrid], queries, "baseline ", ct);
            await stack.StopAsync(baseline);
            foreach (ClosedLoop.Row b in baselineCells)
            {
                double current = cells.Single(c => c.Mode == Hybrid && c.Clients == b.Clients).RequestsPerSecond;
                baselineRows.Add(new BaselineRow(b.Clients, current, b.RequestsPerSecond, b.RequestsPerSecond > 0 ? Math.Round(current / b.RequestsPerSecond, 2) : null));
            }
        }

        var table = new ResultTable("mode", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "mean ms", "server p50 ms", "server mean ms", "errors", "warnings");
        foreach (ClosedLoop.Row c in cells)
            table.Add(c.Mode, F(c.Clients), F(c.Requests), F(c.RequestsPerSecond, 1), F(c.P50Ms, 1), F(c.P95Ms, 1), F(c.P99Ms, 1), F(c.MeanMs, 1),
                F(c.P50ServerMs, 1), F(c.MeanServerMs, 1), F(c.Errors), F(c.WithWarnings));
        table.Print();
        var baselineTable = new ResultTable("hybrid clients", "req/s (this build)", "req/s (baseline)", "ratio");
        foreach (BaselineRow b in baselineRows)
            baselineTable.Add(F(b.Clients), F(b.RequestsPerSecond, 1), F(b.BaselineRequestsPerSecond, 1), F(b.Ratio, 2));
        if (baselineRows.Count > 0)
            baselineTable.Print();

        double? floorRatio = cells.FirstOrDefault(c => c.Mode == Hybrid && c.Clients == 1) is { P50ServerMs: { } serverP50 }
            ? Math.Round(serverP50 / floor.P50Ms, 2)
            : null;
        FloorBenchmark.StageStats embed = floor.Stage(FloorBenchmark.EmbedStage);
        string summary = $"""
            - index: {chunks} chunks (Chroma collection of tenant '{LocalStack.TenantId}'){(options.Replicate > 1 ? $", the ingested corpus replicated {options.Replicate} times (projections copied with jittered vectors and varied titles, not re-embedded)" : "")}; limit {options.Limit} hits per search; {options.Seconds} s measured per row after {options.WarmUpSeconds} s of warm-up, each build first warmed up {options.LoadWarmUpSeconds} s per mode at {options.Clients.Max()} clients; {(options.QueryEmbeddingCache is { } size ? $"Search.Api's query-embedding cache on ({size} entries; the queries cycle, so after the first pass every embedding is a repeat)" : "Search.Api's query-embedding cache off (the queries cycle)")}
            - **floor ratio: hybrid at 1 client, server p50 ÷ floor p50 = {F(floorRatio, 2)}** (floor = max(embed + vector, full text) in-process, same run: {F(floor.P50Ms, 1)} ms; query embedding alone p50 {F(embed.P50Ms, 1)} ms)
            {(baselineRows.Count > 0 ? $"- **hybrid throughput against {options.Baseline}: {string.Join(", ", baselineRows.Select(b => $"x{F(b.Ratio, 2)} at {b.Clients} client{(b.Clients == 1 ? "" : "s")}"))}** (same data, measured after this build's rows in the same run)" : "- no baseline (--baseline) in this run")}
            - "server" is the tookMs that Search.Api reports; the rest of the latency is HTTP, queueing and the client, which runs on the same machine
            - load average (1/5/15 min): before {loadBefore}, at the end {BenchEnvironment.LoadAverage()} (the machine is shared with other work; figures from a loaded machine are provisional)
            """;
        Console.WriteLine(summary);

        await ResultFiles.WriteAsync(options.ResultsDirectory, $"latency-{dataset.Name}-{chunks}chunks{(options.QueryEmbeddingCache is null ? "" : "-query-embedding-cache")}-{BenchEnvironment.MachineName}", new
        {
            Benchmark = "latency",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            Chunks = chunks,
            ReplicatedCopies = options.Replicate,
            options.Limit,
            SecondsPerRow = options.Seconds,
            options.WarmUpSeconds,
            options.LoadWarmUpSeconds,
            options.QueryEmbeddingCache,
            MeasuredAt = DateTimeOffset.UtcNow,
            Floor = floor,
            FloorRatio = floorRatio,
            Results = cells,
            options.Baseline,
            BaselineHybrid = baselineRows,
        }, $"""
            # Search latency: {dataset.Name}, {chunks} chunks

            HTTP POST /v1/search against Search.Api on the local backend (Lucene.NET, Chroma), closed loop per client, queries cycling
            through queries.jsonl, beside the floor of the same stages in-process. Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores,
            shared with other work; the load generator runs on it too), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {floorTable.ToMarkdown()}
            {table.ToMarkdown()}
            {(baselineRows.Count > 0 ? baselineTable.ToMarkdown() : "")}
            {summary}
            """);
    }

    private static async Task<List<ClosedLoop.Row>> MeasureRowsAsync(LocalStack stack, ServiceProcess searchApi, LatencyOptions options, string[] modes,
        string[] queries, string label, CancellationToken ct)
    {
        using PlatformClient client = stack.Client(searchApi);
        Func<string, CancellationToken, Task<ClosedLoop.Answer>> Search(string mode) => async (query, token) =>
        {
            SearchResponse response = await client.SearchAsync(query, mode, options.Limit, token);
            return new ClosedLoop.Answer(response.TookMs, response.Warnings.Count > 0);
        };
        await WarmUpAsync(client, modes, queries, options.Limit, ct);
        // The largest load of the run, unmeasured: under it the tiered compiler's background thread competes with every
        // busy worker, so methods first hot under concurrency reach optimised code only tens of seconds later.
        foreach (string mode in modes)
            await ClosedLoop.RunAsync(mode, options.Clients.Max(), queries, TimeSpan.FromSeconds(options.LoadWarmUpSeconds), TimeSpan.Zero, Search(mode), ct);
        var cells = new List<ClosedLoop.Row>();
        foreach (string mode in modes)
        {
            foreach (int clients in options.Clients)
            {
                ClosedLoop.Row cell = await ClosedLoop.RunAsync(mode, clients, queries, TimeSpan.FromSeconds(options.WarmUpSeconds), TimeSpan.FromSeconds(options.Seconds),
                    Search(mode), ct);
                Console.WriteLine($"  {label}{mode} x{clients}: p50 {F(cell.P50Ms, 1)} ms, p95 {F(cell.P95Ms, 1)} ms, {cell.RequestsPerSecond:F1} req/s");
                cells.Add(cell);
            }
        }
        return cells;
    }

    /// <summary>Searches per mode before measuring: the first ones load the model and JIT-compile the paths (and may
    /// exceed the engine timeout on a busy machine: an error here is expected and ignored), and .NET's tiered compiler
    /// re-compiles a hot method fully optimised only after it has been called many times, so a few dozen would leave the
    /// first measured row on slower code than the rows after it.</summary>
    private const int WarmUpQueriesPerMode = 300;

    private static async Task WarmUpAsync(PlatformClient client, string[] modes, string[] queries, int limit, CancellationToken ct)
    {
        foreach (string mode in modes)
        {
            foreach (string query in queries.Take(WarmUpQueriesPerMode))
            {
                try
                {
                    await client.SearchAsync(query, mode, limit, ct);
                }
                catch (HttpRequestException)
                {
                    // Still warming up.
                }
            }
        }
    }

    private static async Task<long> CountChunksAsync(Uri chroma, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = chroma };
        return await new ChromaVectorIndex(new ChromaClient(http), new ChromaVectorIndexOptions()).CountAsync(LocalStack.TenantId, ct);
    }
}
