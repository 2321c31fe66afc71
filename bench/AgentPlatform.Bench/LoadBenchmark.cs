using AgentPlatform.Bench.Commands;
using AgentPlatform.Contracts;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// A bounded mixed load on the whole local stack (Chroma, Ingestion.Api, Embedding.Worker, Search.Api on loopback):
/// N clients in closed loops for a fixed time (ingest 20%, search 60%, memory writes 20%; see <see cref="LoadClient"/>),
/// every failed request printed with its status and ProblemDetails title, then every accepted write read back (lost
/// writes), the worker given a bounded time to index what was ingested, and throughput and p50/p95/p99 per operation reported.
/// </summary>
internal static class LoadBenchmark
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private sealed record LoadSample(LoadOperation Operation, double Ms, bool Succeeded, bool Warned);

    private sealed record LoadError(string Operation, int Status, string? Title, string? Detail)
    {
        public override string ToString() => $"{Operation}: {(Status == 0 ? "no answer" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))} {Title}{(Detail is null ? "" : $" ({Detail})")}";
    }

    private sealed record ErrorGroup(string Operation, int Status, string? Title, int Count, string? FirstDetail);

    /// <summary>Latencies (ms, successful requests) are null when there were none.</summary>
    private sealed record OperationRow(string Operation, int Requests, int Errors, int WithWarnings, double RequestsPerSecond,
        double? P50Ms, double? P95Ms, double? P99Ms, double? MeanMs);

    private sealed record IndexingResult(int Entries, bool Drained, double SecondsAfterLoad, int TimeoutSeconds, IngestionStatus Status);

    private sealed record ProcessRow(string Process, double CpuSecondsDuringLoad, double PeakResidentMb);

    /// <summary>Requests finished so far, per group, for the progress line (the clients add, the progress loop reads).</summary>
    private sealed class Counters
    {
        private int _ingest, _search, _memory, _errors;

        public void Add(LoadOperation operation, bool succeeded)
        {
            switch (LoadClient.Group(operation))
            {
                case "ingest": Interlocked.Increment(ref _ingest); break;
                case "search": Interlocked.Increment(ref _search); break;
                default: Interlocked.Increment(ref _memory); break;
            }
            if (!succeeded)
                Interlocked.Increment(ref _errors);
        }

        public string Describe(TimeSpan elapsed)
        {
            int ingest = Volatile.Read(ref _ingest), search = Volatile.Read(ref _search), memory = Volatile.Read(ref _memory);
            int total = ingest + search + memory;
            return $"  {elapsed.TotalSeconds,3:F0} s: {total} requests ({total / elapsed.TotalSeconds:F1}/s; ingest {ingest}, search {search}, memory {memory}), "
                + $"{Volatile.Read(ref _errors)} errors, load average {BenchEnvironment.LoadAverage()}";
        }
    }

    public static async Task RunAsync(LoadOptions options, CancellationToken ct)
    {
        int clientCount = options.Clients;
        int seconds = options.Duration;
        int indexTimeoutSeconds = options.IndexTimeout;
        // Search.Api's per-engine timeout stays at its default (3 s) unless --engine-timeout raises it; the results file then says so in its name.
        int? engineTimeoutSeconds = options.EngineTimeout;
        string runId = Guid.NewGuid().ToString("N")[..8];

        await using LocalStack stack = LocalStack.Open(options.DataDirectory);
        Console.WriteLine($"Starting Chroma, Ingestion.Api, Embedding.Worker and Search.Api on 127.0.0.1 over {stack.DataDirectory}...");
        var (chroma, ingestionApi, worker) = await stack.StartIngestionAsync(ct);
        ServiceProcess searchApi = await stack.StartServiceAsync(LocalStack.SearchApi, ct, engineTimeoutSeconds is { } timeout
            ? new Dictionary<string, string> { ["Search:EngineTimeout"] = TimeSpan.FromSeconds(timeout).ToString("c", System.Globalization.CultureInfo.InvariantCulture) }
            : null);
        ServiceProcess[] processes = [chroma, ingestionApi, worker, searchApi];
        using PlatformClient ingestion = stack.Client(ingestionApi);
        using PlatformClient search = stack.Client(searchApi);

        var warmUp = new LoadClient(clientCount, runId, ingestion, search);
        int warmUpErrors = await WarmUpAsync(warmUp, ct);
        IngestionStatus before = await ingestion.GetIngestionStatusAsync(ct);
        ProcessUsage[] usageBefore = [.. processes.Select(p => p.ReadUsage())];
        string loadBefore = BenchEnvironment.LoadAverage();
        Console.WriteLine($"Load: {clientCount} clients for {seconds} s (run {runId}); load average {loadBefore}.");

        LoadClient[] clients = [.. Enumerable.Range(0, clientCount).Select(i => new LoadClient(i, runId, ingestion, search))];
        var errors = new ConcurrentQueue<LoadError>();
        (LoadSample[] samples, double elapsedSeconds) = await RunLoadAsync(clients, TimeSpan.FromSeconds(seconds), processes, errors, ct);
        string loadAtEnd = BenchEnvironment.LoadAverage();
        ProcessRow[] usage = [.. processes.Select((p, i) =>
        {
            ProcessUsage now = p.ReadUsage();
            return new ProcessRow(p.Name, Math.Round(now.CpuSeconds - usageBefore[i].CpuSeconds, 1), now.PeakResidentMb);
        })];
        Console.WriteLine($"Load finished: {samples.Length} requests in {elapsedSeconds:F1} s, {errors.Count} errors; load average {loadAtEnd}.");

        var verification = new LoadVerification(ingestion, search, [.. clients, warmUp]);
        Console.WriteLine("Reading back every accepted write...");
        IReadOnlyList<CheckResult> writeChecks = await verification.CheckWritesAsync(ct);

        int entries = clients.Append(warmUp).Sum(c => c.Entries.Count);
        Console.WriteLine($"Waiting (at most {indexTimeoutSeconds} s) for the worker to index the {entries} ingested entries...");
        var waiting = Stopwatch.StartNew();
        IngestionStatus after = await CorpusIngestion.WaitUntilIndexedAsync(ingestion, entries, before.Indexed + before.Failed, processes,
            TimeSpan.FromSeconds(indexTimeoutSeconds), ct);
        var indexing = new IndexingResult(entries, after.Pending == 0, Math.Round(waiting.Elapsed.TotalSeconds, 1), indexTimeoutSeconds, after);
        CheckResult indexed = await verification.CheckIndexedAsync(ct);
        CheckResult searchable = await verification.CheckSearchableAsync(ct);
        string loadAfter = BenchEnvironment.LoadAverage();

        OperationRow[] rows = Summarize(samples, elapsedSeconds);
        ErrorGroup[] errorGroups = [.. errors.GroupBy(e => (e.Operation, e.Status, e.Title))
            .Select(g => new ErrorGroup(g.Key.Operation, g.Key.Status, g.Key.Title, g.Count(), g.First().Detail)).OrderByDescending(g => g.Count)];
        await ReportAsync(options, new LoadReport(clientCount, seconds, elapsedSeconds, rows, errorGroups, writeChecks, indexing, indexed, searchable,
            usage, clients.Append(warmUp).Sum(c => c.Duplicates), warmUpErrors, engineTimeoutSeconds, loadBefore, loadAtEnd, loadAfter));
    }

    private sealed record LoadReport(int Clients, int DurationSeconds, double ElapsedSeconds, OperationRow[] Operations, ErrorGroup[] Errors,
        IReadOnlyList<CheckResult> WriteChecks, IndexingResult Indexing, CheckResult Indexed, CheckResult Searchable, ProcessRow[] Processes,
        int DuplicateIngests, int WarmUpErrors, int? EngineTimeoutSeconds, string LoadBefore, string LoadAtEnd, string LoadAfter);

    /// <summary>Every operation twice, unmeasured, before the load: the first requests of each kind JIT-compile the
    /// services' paths and load the embedding model. Its writes are verified with the load's; a failure is printed and counted.</summary>
    private static async Task<int> WarmUpAsync(LoadClient warmUp, CancellationToken ct)
    {
        int failures = 0;
        foreach (LoadOperation operation in Enum.GetValues<LoadOperation>().Concat(Enum.GetValues<LoadOperation>()))
        {
            LoadOperation feasible = warmUp.Feasible(operation);
            OperationOutcome outcome = await warmUp.ExecuteAsync(feasible, ct);
            if (!outcome.IsSuccess)
            {
                failures++;
                Console.Error.WriteLine($"  warm-up error: {new LoadError(LoadClient.Name(feasible), outcome.Status, outcome.Title, outcome.Detail)}");
            }
        }
        return failures;
    }

    /// <summary>
    /// Runs every client until <paramref name="duration"/> has passed (a request counts when it starts before the end;
    /// the last ones finish after it) and prints a progress line every few seconds. A service that exits stops the run.
    /// </summary>
    private static async Task<(LoadSample[] Samples, double ElapsedSeconds)> RunLoadAsync(LoadClient[] clients, TimeSpan duration,
        IReadOnlyList<ServiceProcess> processes, ConcurrentQueue<LoadError> errors, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var counters = new Counters();
        var clock = Stopwatch.StartNew();
        Task progress = ReportProgressAsync(counters, clock, processes, stop);
        List<LoadSample>[] perClient = await Task.WhenAll(clients.Select(c => RunClientAsync(c, clock, duration, counters, errors, stop.Token)));
        double elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await progress;
        ct.ThrowIfCancellationRequested();
        return ([.. perClient.SelectMany(s => s)], elapsed);
    }

    private static async Task<List<LoadSample>> RunClientAsync(LoadClient client, Stopwatch clock, TimeSpan duration, Counters counters,
        ConcurrentQueue<LoadError> errors, CancellationToken ct)
    {
        var samples = new List<LoadSample>();
        while (clock.Elapsed < duration)
        {
            LoadOperation operation = client.Next();
            long started = Stopwatch.GetTimestamp();
            OperationOutcome outcome;
            try
            {
                outcome = await client.ExecuteAsync(operation, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException or TaskCanceledException)
            {
                // No HTTP answer (connection refused or reset, client timeout) or an unreadable one.
                outcome = new OperationOutcome(0, e.GetType().Name, e.Message, Warned: false);
            }
            samples.Add(new LoadSample(operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome.IsSuccess, outcome.Warned));
            counters.Add(operation, outcome.IsSuccess);
            if (!outcome.IsSuccess)
            {
                var error = new LoadError(LoadClient.Name(operation), outcome.Status, outcome.Title, outcome.Detail);
                errors.Enqueue(error);
                Console.Error.WriteLine($"  error: {error}");
            }
        }
        return samples;
    }

    private static async Task ReportProgressAsync(Counters counters, Stopwatch clock, IReadOnlyList<ServiceProcess> processes, CancellationTokenSource stop)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                foreach (ServiceProcess process in processes)
                    process.EnsureRunning();
                Console.Error.WriteLine(counters.Describe(clock.Elapsed));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The load ended.
        }
        catch (InvalidOperationException)
        {
            // A service exited: stop the clients, then fail the run with its log's tail.
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>One row per operation, then per group (ingest, search, memory) and in total.</summary>
    private static OperationRow[] Summarize(LoadSample[] samples, double seconds)
    {
        OperationRow Row(string name, IEnumerable<LoadSample> selected)
        {
            LoadSample[] all = [.. selected];
            double[] sorted = [.. all.Where(s => s.Succeeded).Select(s => s.Ms).Order()];
            double? Rounded(Func<double> value) => sorted.Length == 0 ? null : Math.Round(value(), 1);
            return new OperationRow(name, all.Length, all.Count(s => !s.Succeeded), all.Count(s => s.Warned), Math.Round(all.Length / seconds, 1),
                Rounded(() => Statistics.Percentile(sorted, 0.50)), Rounded(() => Statistics.Percentile(sorted, 0.95)),
                Rounded(() => Statistics.Percentile(sorted, 0.99)), Rounded(sorted.Average));
        }

        return
        [
            .. Enum.GetValues<LoadOperation>().Select(o => Row(LoadClient.Name(o), samples.Where(s => s.Operation == o))),
            .. new[] { "ingest", "search", "memory" }.Select(g => Row($"all {g}", samples.Where(s => LoadClient.Group(s.Operation) == g))),
            Row("total", samples),
        ];
    }

    private static async Task ReportAsync(LoadOptions options, LoadReport report)
    {
        var operations = new ResultTable("operation", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "mean ms", "errors", "warnings");
        foreach (OperationRow r in report.Operations)
            operations.Add(r.Operation, F(r.Requests), F(r.RequestsPerSecond, 1), F(r.P50Ms, 1), F(r.P95Ms, 1), F(r.P99Ms, 1), F(r.MeanMs, 1), F(r.Errors), F(r.WithWarnings));
        operations.Print();

        var checks = new ResultTable("check", "recorded", "verified", "missing");
        foreach (CheckResult c in report.WriteChecks.Append(report.Indexed).Append(report.Searchable))
            checks.Add(c.Check, F(c.Recorded), F(c.Verified), F(c.Missing));
        checks.Print();

        int errorCount = report.Errors.Sum(e => e.Count);
        int lostWrites = report.WriteChecks.Sum(c => c.Missing);
        int accepted = report.WriteChecks.Sum(c => c.Recorded);
        string errorLines = report.Errors.Length == 0
            ? "none"
            : string.Join("; ", report.Errors.Select(e => $"{e.Count} x {e.Operation} {(e.Status == 0 ? "no answer" : F(e.Status))} \"{e.Title}\""));
        IngestionStatus status = report.Indexing.Status;
        string summary = $"""
            - **errors: {errorCount}** of {report.Operations[^1].Requests} requests ({errorLines}); "warnings" = searches answered 200 with a warning (one engine timed out or failed)
            - **lost writes: {lostWrites}** of {accepted} accepted writes (every knowledge entry, session, interaction, message and the last agent-state version read back right after the load); {report.DuplicateIngests} ingests came back as duplicates
            - indexing: {(report.Indexing.Drained ? $"the worker had indexed every ingested entry {report.Indexing.SecondsAfterLoad:F0} s after the load ended" : $"**not drained** after the {report.Indexing.TimeoutSeconds} s wait")} (tenant status: {status.Indexed} indexed, {status.Pending} pending, {status.Failed} failed); {report.Indexed.Verified}/{report.Indexed.Recorded} entries Indexed; {report.Searchable.Verified}/{report.Searchable.Recorded} sampled entries found by a full-text search for their token
            - load: {report.Clients} clients in closed loops for {report.DurationSeconds} s ({report.ElapsedSeconds:F1} s until the last request finished); mix by weight: ingest 20% (POST /v1/knowledge, generated unique ~40-token entries), search 60% (POST /v1/search, hybrid/semantic/fulltext equally, generated 2-5 word queries, one in four with a category filter, limit {LoadClient.SearchLimit}), memory 20% (session start 2%, interaction 7%, message 7%, agent state PUT with If-Match 4%; one agent and one open session per client)
            - stack: Chroma, Ingestion.Api, Embedding.Worker and Search.Api as child processes on 127.0.0.1 (local backend: SQLite, Lucene.NET, Chroma); **per-tenant rate limit raised to {F(LocalStack.RateLimitPermitsPerSecond)} requests/s** (AgentPlatform:RateLimit:PermitsPerSecond; default 200/s with burst 400, which 32 clients of one tenant exceed by design), log level Warning, {(report.EngineTimeoutSeconds is { } t ? $"**search engine timeout raised to {t} s** (Search:EngineTimeout, default 3 s), everything else at its defaults" : "everything else at its defaults (search engine timeout 3 s)")}; every operation twice, unmeasured, before the load ({report.WarmUpErrors} errors; its writes are verified with the load's)
            - CPU seconds during the load: {string.Join(", ", report.Processes.Select(p => $"{p.Process} {p.CpuSecondsDuringLoad:F1}"))}; peak resident memory: {string.Join(", ", report.Processes.Select(p => $"{p.Process} {p.PeakResidentMb:F0} MB"))}
            - load average (1/5/15 min): before {report.LoadBefore}, at the end of the load {report.LoadAtEnd}, after the checks {report.LoadAfter} (the machine is shared with other work; the load generator runs on it too)
            """;
        Console.WriteLine(summary);

        string name = $"load-{BenchEnvironment.MachineName}{(report.EngineTimeoutSeconds is { } seconds ? $"-engine-timeout{seconds}s" : "")}";
        await ResultFiles.WriteAsync(options.ResultsDirectory, name, new
        {
            Benchmark = "load",
            Machine = BenchEnvironment.Describe(),
            MeasuredAt = DateTimeOffset.UtcNow,
            LoadAverage = new { Before = report.LoadBefore, AtEndOfLoad = report.LoadAtEnd, AfterChecks = report.LoadAfter },
            Settings = new { report.Clients, report.DurationSeconds, RateLimitPermitsPerSecond = LocalStack.RateLimitPermitsPerSecond, report.EngineTimeoutSeconds, SearchLimit = LoadClient.SearchLimit },
            report.ElapsedSeconds,
            ErrorCount = errorCount,
            LostWrites = lostWrites,
            AcceptedWrites = accepted,
            report.DuplicateIngests,
            report.WarmUpErrors,
            report.Operations,
            report.Errors,
            report.WriteChecks,
            report.Indexing,
            report.Indexed,
            report.Searchable,
            report.Processes,
        }, $"""
            # Load: {report.Clients} clients for {report.DurationSeconds} s on the local stack

            Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores, {BenchEnvironment.CpuModel()}, shared with other work), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC,
            load average (1/5/15 min) {report.LoadBefore} before and {report.LoadAtEnd} at the end of the load.

            {operations.ToMarkdown()}
            {checks.ToMarkdown()}
            {summary}
            """);
    }
}
