using AgentPlatform.Contracts;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.AppHost.Tests;

/// <summary>
/// Real process kills on the whole stack (local backend): while 2,000 entries are being indexed, a process is
/// SIGKILLed (found by the pid the orchestrator reports for the resource, killed with its children), the orchestrator
/// restarts it (its "start" command, same data directory, same endpoint), and the run must end with every entry
/// Indexed exactly once in the relational record and in each projection: Chroma, full text, documents.
/// Each test works in a tenant of its own (see <see cref="StackFixture.IsolatedTenants"/>) and prints its progress.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class FaultTests(StackFixture stack)
{
    public const string ChromaTenant = "faults-chroma";
    public const string WorkerTenant = "faults-worker";
    private const string ChromaName = "chroma";
    private const int EntryCount = 2000;
    private const int PostBatchSize = 1000;

    /// <summary>Generous, and measured from the last progress rather than the start, so a slow machine passes and a
    /// stuck pipeline fails with the counts reached: the longest a healthy worker goes without indexing an entry is a
    /// restart or a retry's backoff, seconds.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ResourceTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chroma_killed_mid_ingestion_and_restarted_leaves_every_entry_indexed_exactly_once()
    {
        using var ingestion = stack.CreateClient("ingestion-api", StackFixture.ApiKeyOf(ChromaTenant));
        var ids = await IngestAsync(ingestion, ChromaTenant);

        await WaitForIndexedAsync(ingestion, EntryCount / 5, "before killing Chroma");
        var failuresBefore = await WorkerFailuresAsync();
        // Down until the worker's Chroma calls have failed (after the HTTP client's own retries, up to 30 s) and it has
        // rescheduled an entry with backoff.
        await KillAndRestartAsync(ChromaName, whileDown: () => WaitForWorkerFailuresAsync(failuresBefore));

        await WaitForIndexedAsync(ingestion, EntryCount, "after restarting Chroma");
        await AssertIndexedExactlyOnceAsync(ingestion, ChromaTenant, ids);
    }

    [Fact]
    public async Task Worker_killed_twice_mid_batch_and_restarted_leaves_every_entry_indexed_exactly_once()
    {
        using var ingestion = stack.CreateClient("ingestion-api", StackFixture.ApiKeyOf(WorkerTenant));
        var ids = await IngestAsync(ingestion, WorkerTenant);

        // The claims of the killed worker's round come due again after the lease (StackFixture.WorkerLease).
        foreach (var (atLeast, kill) in new[] { (EntryCount / 4, "first"), (EntryCount / 2, "second") })
        {
            await WaitForIndexedAsync(ingestion, atLeast, $"before the {kill} kill of the worker");
            await KillAndRestartAsync(StackFixture.WorkerName);
        }

        await WaitForIndexedAsync(ingestion, EntryCount, "after the second restart of the worker");
        await AssertIndexedExactlyOnceAsync(ingestion, WorkerTenant, ids);
    }

    /// <summary>Posts <see cref="EntryCount"/> short entries (distinct content: the API refuses duplicates) in batches.</summary>
    private static async Task<IReadOnlyList<Guid>> IngestAsync(HttpClient ingestion, string tenant)
    {
        Assert.Equal(0, (await ReadStatusAsync(ingestion)).Total);
        var ids = new List<Guid>();
        foreach (var batch in Enumerable.Range(0, EntryCount).Chunk(PostBatchSize))
        {
            var entries = batch.Select(i => new
            {
                title = $"Fault note {i}",
                content = $"Tenant {tenant} reading {i}: pressure {i % 97} bar at valve {i % 13}.",
                category = "faults",
            }).ToArray();
            using var posted = await ingestion.PostAsJsonAsync("/v1/knowledge/batch", new { entries }, Ct);
            var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.True(posted.IsSuccessStatusCode, body.ToString());
            Assert.Equal(batch.Length, body.GetProperty("created").GetInt32());
            ids.AddRange(body.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
        }
        Assert.Equal(EntryCount, ids.Distinct().Count());
        Log($"{tenant}: posted {ids.Count} entries");
        return ids;
    }

    /// <summary>Relational record, Chroma, full text and documents store all hold exactly the ingested entries, once each.</summary>
    private async Task AssertIndexedExactlyOnceAsync(HttpClient ingestion, string tenant, IReadOnlyList<Guid> ids)
    {
        var status = await ReadStatusAsync(ingestion);
        Assert.Equal((Pending: 0L, Indexed: (long)EntryCount, Failed: 0L, Deleting: 0L, Total: (long)EntryCount), (status.Pending, status.Indexed, status.Failed, status.Deleting, status.Total));

        var projections = await TenantProjections.ReadAsync(stack, tenant, Ct);
        Log($"{tenant}: relational {status}; {projections.Describe()}");
        var expectedEntries = ids.Order().ToList();

        Assert.Equal(expectedEntries, projections.Documents.Select(d => d.EntryId).Order());
        Assert.All(projections.Documents, d => Assert.True(d.Chunks >= 1, $"entry {d.EntryId} has no chunks in the documents store"));

        var expectedChunks = projections.ExpectedChunkIds.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(projections.ChunkIds.Count, projections.ChunkIds.Distinct().Count());
        Assert.Equal(expectedChunks, projections.ChunkIds.Order(StringComparer.Ordinal));

        Assert.Equal(EntryCount, projections.FullTextTotal);
        Assert.Equal(expectedEntries, projections.FullTextIds.Order());
    }

    /// <summary>Polls the tenant's status counts until <paramref name="atLeast"/> entries are Indexed; fails at once
    /// if an entry ends Failed, and when the Indexed count has not moved for <see cref="StallTimeout"/>.</summary>
    private static async Task WaitForIndexedAsync(HttpClient ingestion, int atLeast, string stage)
    {
        var sinceProgress = Stopwatch.StartNew();
        long lastIndexed = -1, lastLogged = -1;
        while (true)
        {
            var status = await ReadStatusAsync(ingestion);
            if (status.Indexed != lastLogged && (status.Indexed - lastLogged >= 200 || status.Indexed >= atLeast))
            {
                Log($"  indexed {status.Indexed}/{EntryCount} (pending {status.Pending}, failed {status.Failed})");
                lastLogged = status.Indexed;
            }
            Assert.True(status.Failed == 0, $"{status.Failed} entries ended Failed {stage}: {status}");
            if (status.Indexed >= atLeast) return;
            if (status.Indexed != lastIndexed)
            {
                lastIndexed = status.Indexed;
                sinceProgress.Restart();
            }
            Assert.True(sinceProgress.Elapsed < StallTimeout,
                $"Indexing stalled {stage}: {status.Indexed} of {EntryCount} entries Indexed (waiting for {atLeast}) and no progress for {StallTimeout.TotalMinutes} minutes: {status}");
            await Task.Delay(250, Ct);
        }
    }

    /// <summary>Kills the resource, runs <paramref name="whileDown"/>, and starts it again even if that failed, so the
    /// stack the collection's other tests share is whole afterwards.</summary>
    private async Task KillAndRestartAsync(string resource, Func<Task>? whileDown = null)
    {
        await KillAsync(resource);
        try
        {
            if (whileDown is not null) await whileDown();
        }
        finally
        {
            await StartAsync(resource);
        }
    }

    /// <summary>SIGKILLs the resource's process (the pid the orchestrator reports) with its children, and waits until
    /// the orchestrator sees it gone.</summary>
    private async Task KillAsync(string resource)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(ResourceTimeout);
        var running = await stack.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is not null, timeout.Token);
        var pid = Pid(running)!.Value;
        using var process = Process.GetProcessById(pid);
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(timeout.Token);
        var stopped = await stack.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, timeout.Token);
        Log($"SIGKILLed {resource} (pid {pid}: {commandLine}, and its children); the orchestrator reports it {stopped}");
    }

    /// <summary>Starts the resource again through the orchestrator's start command and waits until it is healthy.</summary>
    private async Task StartAsync(string resource)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(ResourceTimeout);
        var started = await stack.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(started.Success, $"Starting {resource} again failed: {started.Message}");
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        Log($"restarted {resource}; healthy");
    }

    private async Task<long> WorkerFailuresAsync()
    {
        using var worker = stack.CreateClient(StackFixture.WorkerName, withKey: true);
        var status = JsonDocument.Parse(await worker.GetStringAsync("/v1/worker/status", Ct)).RootElement;
        // The AppHost runs the services in Development, where the worker shows its process-wide figures.
        return status.GetProperty("process").GetProperty("failures").GetInt64();
    }

    private async Task WaitForWorkerFailuresAsync(long before)
    {
        var deadline = Stopwatch.StartNew();
        long failures;
        while ((failures = await WorkerFailuresAsync()) <= before)
        {
            Assert.True(deadline.Elapsed < ResourceTimeout,
                $"The worker recorded no failed indexing attempt within {ResourceTimeout.TotalMinutes} minutes of Chroma's death ({failures} failures in all)");
            await Task.Delay(250, Ct);
        }
        Log($"  the worker has recorded {failures - before} failed indexing attempts since Chroma died");
    }

    private static async Task<IngestionStatus> ReadStatusAsync(HttpClient ingestion) =>
        await ingestion.GetFromJsonAsync<IngestionStatus>("/v1/ingestion/status", Ct)
        ?? throw new InvalidDataException("GET /v1/ingestion/status answered an empty body");

    private static int? Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");

}
