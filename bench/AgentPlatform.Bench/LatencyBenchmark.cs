using AgentPlatform.Contracts;
using System.Diagnostics;
using AgentPlatform.Embeddings;
using AgentPlatform.Storage.Vectors.Chroma;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// Search latency over HTTP: Search.Api (and Chroma) started over a data directory that ingest or quality filled, then
/// for each mode and client count a closed loop (each client sends its next query as soon as the previous answer
/// arrives) for a fixed time after a warm-up. Queries cycle through the dataset's queries.jsonl. The query-embedding
/// share is the in-process embedding time of one query against the HTTP latency of a semantic and a hybrid search.
/// </summary>
internal static class LatencyBenchmark
{
    private static readonly string[] AllModes = ["hybrid", "semantic", "fulltext"];
    private const int EmbeddingSamples = 200;

    /// <summary>Latencies are null when no request both started and finished inside the measured window.</summary>
    private sealed record CellResult(string Mode, int Clients, int Requests, double RequestsPerSecond,
        double? P50Ms, double? P95Ms, double? P99Ms, double? MeanMs, double? MeanServerMs, int Errors, int WithWarnings);

    private sealed record EmbeddingShare(int Queries, double P50Ms, double MeanMs, double? ShareOfSemanticP50, double? ShareOfHybridP50);

    private sealed record Sample(double Ms, double ServerMs, bool Warned);

    public static async Task RunAsync(CommandLineOptions options, CancellationToken ct)
    {
        string dataDirectory = options.Get("data-dir") ?? throw new UsageException("latency needs --data-dir: a directory that ingest or quality filled.");
        var dataset = BeirDataset.Open(BenchEnvironment.DatasetDirectory(options));
        int[] clientCounts = options.GetInts("clients", [1, 8, 32]);
        int seconds = options.GetInt("seconds", 10);
        int warmUpSeconds = options.GetInt("warmup-seconds", 2);
        int limit = options.GetInt("limit", 10);
        string[] modes = options.GetList("modes", AllModes);
        int copies = options.GetInt("replicate", 1);
        string[] queries = [.. (await dataset.ReadQueriesAsync()).Values];
        if (copies > 1)
            dataDirectory = await IndexReplication.EnsureReplicatedAsync(dataDirectory, copies, ct);

        await using LocalStack stack = LocalStack.Open(dataDirectory);
        if (!stack.HasData)
            throw new UsageException($"{stack.DataDirectory} holds no ingested corpus: run ingest or quality with --data-dir first.");
        ServiceProcess chroma = await stack.StartChromaAsync(ct);
        ServiceProcess searchApi = await stack.StartServiceAsync(LocalStack.SearchApi, ct);
        long chunks = await CountChunksAsync(chroma.Address, ct);
        Console.WriteLine($"{chunks} chunks in {stack.DataDirectory}; {queries.Length} queries from {dataset.Name}; load average {BenchEnvironment.LoadAverage()}.");

        (double embedP50, double embedMean) = await MeasureQueryEmbeddingAsync(queries, ct);
        using PlatformClient client = stack.Client(searchApi);
        await WarmUpAsync(client, modes, queries, limit, ct);

        var cells = new List<CellResult>();
        foreach (string mode in modes)
        {
            foreach (int clients in clientCounts)
            {
                CellResult cell = await MeasureAsync(client, mode, clients, queries, limit, TimeSpan.FromSeconds(warmUpSeconds), TimeSpan.FromSeconds(seconds), ct);
                Console.WriteLine($"  {mode} x{clients}: p50 {F(cell.P50Ms, 1)} ms, p95 {F(cell.P95Ms, 1)} ms, {cell.RequestsPerSecond:F1} req/s");
                cells.Add(cell);
            }
        }

        double? Share(string mode) =>
            cells.FirstOrDefault(c => c.Mode == mode && c.Clients == 1) is { P50Ms: > 0 and var p50 } ? Math.Round(embedP50 / p50, 3) : null;
        var share = new EmbeddingShare(EmbeddingSamples, Math.Round(embedP50, 2), Math.Round(embedMean, 2), Share("semantic"), Share("hybrid"));

        var table = new ResultTable("mode", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "mean ms", "server mean ms", "errors", "warnings");
        foreach (CellResult c in cells)
            table.Add(c.Mode, F(c.Clients), F(c.Requests), F(c.RequestsPerSecond, 1), F(c.P50Ms, 1), F(c.P95Ms, 1), F(c.P99Ms, 1), F(c.MeanMs, 1),
                F(c.MeanServerMs, 1), F(c.Errors), F(c.WithWarnings));
        table.Print();
        string summary = $"""
            - index: {chunks} chunks (Chroma collection of tenant '{LocalStack.TenantId}'){(copies > 1 ? $", the ingested corpus replicated {copies} times (projections copied with jittered vectors and varied titles, not re-embedded)" : "")}; limit {limit} hits per search; {seconds} s measured per row after {warmUpSeconds} s of warm-up
            - query embedding alone (in-process, one query per call, {EmbeddingSamples} queries): p50 {embedP50:F1} ms, mean {embedMean:F1} ms; share of the 1-client p50: semantic {FormatShare(share.ShareOfSemanticP50)}, hybrid {FormatShare(share.ShareOfHybridP50)}
            - "server mean ms" is the tookMs that Search.Api reports; the rest of the latency is HTTP, queueing and the client, which runs on the same machine
            - load average (1/5/15 min) at the end: {BenchEnvironment.LoadAverage()}
            """;
        Console.WriteLine(summary);

        await ResultFiles.WriteAsync(BenchEnvironment.ResultsDirectory(options), $"latency-{dataset.Name}-{chunks}chunks-{BenchEnvironment.MachineName}", new
        {
            Benchmark = "latency",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            Chunks = chunks,
            ReplicatedCopies = copies,
            Limit = limit,
            SecondsPerRow = seconds,
            WarmUpSeconds = warmUpSeconds,
            MeasuredAt = DateTimeOffset.UtcNow,
            QueryEmbedding = share,
            Results = cells,
        }, $"""
            # Search latency: {dataset.Name}, {chunks} chunks

            HTTP POST /v1/search against Search.Api on the local backend (Lucene.NET, Chroma), closed loop per client, queries cycling
            through queries.jsonl. Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores, shared with other work; the load
            generator runs on it too), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {table.ToMarkdown()}
            {summary}
            """);
    }

    /// <summary>A few searches per mode before measuring: the first ones load the model and JIT-compile the paths, and
    /// may exceed the engine timeout on a busy machine (an error here is expected and ignored).</summary>
    private static async Task WarmUpAsync(PlatformClient client, string[] modes, string[] queries, int limit, CancellationToken ct)
    {
        foreach (string mode in modes)
        {
            foreach (string query in queries.Take(20))
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

    private static string FormatShare(double? share) => share is { } s ? $"{100 * s:F0}%" : "n/a";

    private static async Task<long> CountChunksAsync(Uri chroma, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = chroma };
        return await new ChromaVectorIndex(new ChromaClient(http), new ChromaVectorIndexOptions()).CountAsync(LocalStack.TenantId, ct);
    }

    /// <summary>One query per GenerateAsync call, as Search.Api embeds it, with the same model and thread settings.</summary>
    private static async Task<(double P50Ms, double MeanMs)> MeasureQueryEmbeddingAsync(string[] queries, CancellationToken ct)
    {
        using var generator = new OnnxEmbeddingGenerator();
        foreach (string query in queries.Take(10))
            await generator.GenerateAsync([query], EmbeddingInput.Query(), ct);
        var milliseconds = new double[Math.Min(EmbeddingSamples, queries.Length)];
        for (int i = 0; i < milliseconds.Length; i++)
        {
            long started = Stopwatch.GetTimestamp();
            await generator.GenerateAsync([queries[i]], EmbeddingInput.Query(), ct);
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(milliseconds);
        return (Statistics.Percentile(milliseconds, 0.5), milliseconds.Average());
    }

    /// <summary>
    /// Runs <paramref name="clients"/> loops for warm-up + measurement; a request counts when it starts inside the
    /// measurement window (after the warm-up, before the end: the last ones finish after it, so slow requests are not
    /// left out). A failed request (not 200, or no answer) counts as an error.
    /// </summary>
    private static async Task<CellResult> MeasureAsync(PlatformClient client, string mode, int clients, string[] queries, int limit,
        TimeSpan warmUp, TimeSpan duration, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan end = warmUp + duration;
        int next = -1, errors = 0;
        var perClient = new List<Sample>[clients];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var samples = perClient[c] = [];
            while (clock.Elapsed < end)
            {
                string query = queries[(int)((uint)Interlocked.Increment(ref next) % (uint)queries.Length)];
                TimeSpan started = clock.Elapsed;
                SearchResponse? response = null;
                try
                {
                    response = await client.SearchAsync(query, mode, limit, ct);
                }
                catch (HttpRequestException)
                {
                    // Counted below when it falls in the window.
                }
                TimeSpan finished = clock.Elapsed;
                if (started < warmUp)
                    continue;
                if (response is null)
                    Interlocked.Increment(ref errors);
                else
                    samples.Add(new Sample((finished - started).TotalMilliseconds, response.TookMs, response.Warnings.Count > 0));
            }
        }));

        Sample[] all = [.. perClient.SelectMany(s => s)];
        double[] sorted = [.. all.Select(s => s.Ms).Order()];
        double? Rounded(Func<double> value) => all.Length == 0 ? null : Math.Round(value(), 1);
        return new CellResult(mode, clients, all.Length, Math.Round(all.Length / duration.TotalSeconds, 1),
            Rounded(() => Statistics.Percentile(sorted, 0.50)), Rounded(() => Statistics.Percentile(sorted, 0.95)), Rounded(() => Statistics.Percentile(sorted, 0.99)),
            Rounded(sorted.Average), Rounded(() => all.Average(s => s.ServerMs)), errors, all.Count(s => s.Warned));
    }
}
