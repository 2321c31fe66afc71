// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.EmbeddingWorker;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Vectors;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Indexing;

/// <summary>One worker (real SQLite, Lucene, Chroma and ONNX model) for the indexing tests; every test works in
/// tenants of its own and drains the outbox before it ends, so the next test starts with nothing due.</summary>
public sealed class IndexingFixture(ChromaServerFixture chroma) : IAsyncLifetime
{
    public WorkerHost Worker { get; } = new(chroma);

    public async ValueTask InitializeAsync() => await Worker.StartAsync();

    public ValueTask DisposeAsync() => Worker.DisposeAsync();
}

/// <summary>The Embedding.Worker pipeline end to end: entries stored as Ingestion.Api stores them, rounds driven by the
/// test, every projection checked in the real stores.</summary>
[Collection(ChromaServerCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class KnowledgeIndexerTests(IndexingFixture fixture) : IClassFixture<IndexingFixture>
{
    private static readonly ReadOnlyMemory<float> Probe = Enumerable.Range(0, 384).Select(i => i == 0 ? 1f : 0f).ToArray();
    private readonly WorkerHost _worker = fixture.Worker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewTenant() => "w-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A word no other entry contains.</summary>
    private static string Marker() => "k" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Sentences of about 22 model tokens each: with 32-token chunks, roughly one chunk per sentence.</summary>
    private static string Sentences(string marker, int count) => string.Join(" ",
        Enumerable.Range(1, count).Select(i => $"Step {i} of checklist {marker} inspects valve {i * 7} before the pump starts."));

    [Fact]
    public async Task An_ingested_entry_reaches_every_projection_under_its_own_tenant()
    {
        var tenant = NewTenant();
        var otherTenant = NewTenant();
        var metrics = _worker.Services.GetRequiredService<IndexingMetrics>();
        var before = metrics.Read();
        var longer = await _worker.AddAsync(tenant, "Pump checklist", Sentences(Marker(), 4), "manuals", ["Pumps", "safety"], agentId: "pump-bot");
        var shorter = await _worker.AddAsync(tenant, "Valve note", Sentences(Marker(), 1));
        var foreign = await _worker.AddAsync(otherTenant, "Valve note", Sentences(Marker(), 1));

        Assert.Equal(3, await _worker.DrainAsync());

        Assert.True(_worker.ChunksOf(longer).Count > 1, "the longer entry should make several chunks");
        foreach (var entry in new[] { longer, shorter, foreign })
            await AssertIndexedExactlyOnceAsync(entry);
        Assert.All((await VectorRecordsAsync(tenant)).Where(r => r.EntryId == longer.Id), r =>
        {
            Assert.Equal("manuals", r.Category);
            Assert.Equal(["pumps", "safety"], r.Tags);
            Assert.Equal("pump-bot", r.AgentId);
        });
        Assert.Equal([longer.Id], (await _worker.Vectors.QueryAsync(tenant, Probe, 300, new SearchFilter { AgentId = "pump-bot" }, Ct)).Select(h => h.Record.EntryId).Distinct());
        Assert.Equal(ChunkCount(longer, shorter), await _worker.Vectors.CountAsync(tenant, Ct));
        Assert.Equal(ChunkCount(foreign), await _worker.Vectors.CountAsync(otherTenant, Ct));
        Assert.Equal(new[] { longer.Id, shorter.Id }.Order(), (await FullTextIdsAsync(tenant)).Order());
        Assert.Equal([foreign.Id], await FullTextIdsAsync(otherTenant));
        Assert.Null(await _worker.Documents.GetAsync(otherTenant, longer.Id, Ct));
        Assert.Null(await _worker.Documents.GetAsync(tenant, foreign.Id, Ct));

        var after = metrics.Read();
        Assert.Equal((3, ChunkCount(longer, shorter, foreign)), (after.EntriesIndexed - before.EntriesIndexed, after.ChunksIndexed - before.ChunksIndexed));
        var client = await _worker.ClientAsync(asOperator: true);
        var status = await HttpAssert.OkJsonAsync<WorkerStatusApi.WorkerStatus>(await client.GetAsync(WorkerStatusApi.Path));
        Assert.Equal((after.EntriesIndexed, after.ChunksIndexed), (status.Process!.EntriesIndexed, status.Process.ChunksIndexed));
    }

    [Fact]
    public async Task A_reindex_target_rewrites_only_its_projection_and_embeds_only_for_vectors()
    {
        var tenant = NewTenant();
        var marker = Marker();
        var entry = await _worker.AddAsync(tenant, "Pump checklist", Sentences(marker, 3));
        await _worker.DrainAsync();
        var chunks = _worker.ChunksOf(entry).Count;
        // Both projections lost behind the worker's back; each target must bring back its own and leave the other alone.
        await _worker.Vectors.DeleteEntryAsync(tenant, entry.Id, Ct);
        await _worker.FullText.DeleteAsync(FullTextIndexName.Knowledge, tenant, [entry.Id.ToString()], Ct);

        Assert.Equal(1, await _worker.Reindex.EnqueueReindexAsync(tenant, OutboxOperation.ReindexFullText, Ct));
        Assert.Equal(1, await _worker.DrainAsync());

        Assert.Equal(chunks, _worker.Embeddings.CountContaining(marker));
        Assert.Equal([entry.Id], await FullTextIdsAsync(tenant));
        Assert.Equal(0, await _worker.Vectors.CountAsync(tenant, Ct));
        Assert.Equal(KnowledgeStatus.Indexed, (await _worker.Knowledge.GetAsync(tenant, entry.Id, Ct))!.Status);

        await _worker.FullText.DeleteAsync(FullTextIndexName.Knowledge, tenant, [entry.Id.ToString()], Ct);
        Assert.Equal(1, await _worker.Reindex.EnqueueReindexAsync(tenant, OutboxOperation.ReindexVectors, Ct));
        Assert.Equal(1, await _worker.DrainAsync());

        Assert.Equal(2 * chunks, _worker.Embeddings.CountContaining(marker));
        Assert.Equal(chunks, await _worker.Vectors.CountAsync(tenant, Ct));
        Assert.Empty(await FullTextIdsAsync(tenant));

        Assert.Equal(1, await _worker.Reindex.EnqueueReindexAsync(tenant, OutboxOperation.Upsert, Ct));
        Assert.Equal(1, await _worker.DrainAsync());
        await AssertIndexedExactlyOnceAsync(entry);
    }

    [Fact]
    public async Task A_tenants_small_entry_is_indexed_in_the_first_round_while_another_tenants_large_backlog_waits()
    {
        var (busy, small) = (NewTenant(), NewTenant());
        // The busy tenant's backlog is older and larger than one round can take; the small tenant's entry comes last.
        // Short entries keep the collection under Chroma's brute-force threshold, so the probe query sees every chunk.
        var backlog = new List<KnowledgeEntry>();
        for (var i = 0; i < 6; i++)
            backlog.Add(await _worker.AddAsync(busy, $"Manual {i}", Sentences(Marker(), 5)));
        var late = await _worker.AddAsync(small, "Valve note", Sentences(Marker(), 1));
        var options = new IndexingOptions
        {
            EntriesPerRound = 4, MaxChunksPerRound = _worker.ChunksOf(backlog[0]).Count, Lease = WorkerHost.TestOptions.Lease,
            MaxAttempts = WorkerHost.TestOptions.MaxAttempts, RetryBaseDelay = WorkerHost.TestOptions.RetryBaseDelay,
        };

        await _worker.RunRoundAsync(options);

        // One round: the small tenant's entry and the busy tenant's first, however much older the rest of its backlog is.
        Assert.Equal(KnowledgeStatus.Indexed, (await _worker.Knowledge.GetAsync(small, late.Id, Ct))!.Status);
        Assert.Equal([KnowledgeStatus.Indexed, .. Enumerable.Repeat(KnowledgeStatus.Pending, 5)],
            await Task.WhenAll(backlog.Select(async e => (await _worker.Knowledge.GetAsync(busy, e.Id, Ct))!.Status)));
        await _worker.DrainAsync(options);
        foreach (var entry in backlog)
            await AssertIndexedExactlyOnceAsync(entry);
    }

    [Fact]
    public async Task Within_a_round_the_smaller_tenants_share_is_embedded_and_completed_before_the_larger_ones()
    {
        var (large, small) = (NewTenant(), NewTenant());
        var big = await _worker.AddAsync(large, "Manual", Sentences(Marker(), 6));
        var note = await _worker.AddAsync(small, "Valve note", Sentences(Marker(), 1));
        // The round dies while projecting the larger share: only what was done before it survives.
        using var round = new CancellationTokenSource();
        _worker.Faults.RoundToKill = round;
        _worker.Faults.Times(big.Id, IndexingStep.Vectors, FaultKind.Crash, 1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _worker.RunRoundAsync(ct: round.Token));

        Assert.Equal(KnowledgeStatus.Indexed, (await _worker.Knowledge.GetAsync(small, note.Id, Ct))!.Status);
        Assert.Equal(KnowledgeStatus.Pending, (await _worker.Knowledge.GetAsync(large, big.Id, Ct))!.Status);
        _worker.Clock.Advance(WorkerHost.TestOptions.Lease);
        Assert.Equal(1, await _worker.DrainAsync());
        await AssertIndexedExactlyOnceAsync(big);
        await AssertIndexedExactlyOnceAsync(note);
    }

    [Fact]
    public async Task An_update_reindexes_the_new_version_and_drops_the_chunks_a_shorter_text_no_longer_has()
    {
        var tenant = NewTenant();
        var (oldMarker, newMarker) = (Marker(), Marker());
        var entry = await _worker.AddAsync(tenant, "Pump checklist", Sentences(oldMarker, 5), agentId: "pump-bot");
        await _worker.DrainAsync();
        var oldChunks = _worker.ChunksOf(entry).Count;

        var updated = await _worker.UpdateAsync(entry, Sentences(newMarker, 1));

        Assert.Equal(1, await _worker.DrainAsync());
        Assert.Equal((2, "pump-bot"), (updated!.Version, updated.AgentId));
        Assert.True(_worker.ChunksOf(updated).Count < oldChunks, "the new text should make fewer chunks");
        await AssertIndexedExactlyOnceAsync(updated);
        Assert.Equal(ChunkCount(updated), await _worker.Vectors.CountAsync(tenant, Ct));
        Assert.Empty((await SearchAsync(tenant, oldMarker)).Hits);
        Assert.Equal(entry.Id.ToString(), Assert.Single((await SearchAsync(tenant, newMarker)).Hits).Document.Id);
    }

    [Fact]
    public async Task A_delete_removes_the_entry_from_every_projection_and_then_its_row()
    {
        var tenant = NewTenant();
        var kept = await _worker.AddAsync(tenant, "Kept note", Sentences(Marker(), 1));
        var deleted = await _worker.AddAsync(tenant, "Deleted note", Sentences(Marker(), 3));
        await _worker.DrainAsync();

        Assert.True(await _worker.Knowledge.DeleteAsync(tenant, deleted.Id, Ct));
        Assert.Equal(KnowledgeStatus.Deleting, (await _worker.Knowledge.GetAsync(tenant, deleted.Id, Ct))!.Status);
        Assert.Equal(1, await _worker.DrainAsync());

        Assert.Null(await _worker.Knowledge.GetAsync(tenant, deleted.Id, Ct));
        Assert.Null(await _worker.Documents.GetAsync(tenant, deleted.Id, Ct));
        Assert.DoesNotContain(await VectorRecordsAsync(tenant), r => r.EntryId == deleted.Id);
        Assert.Equal([kept.Id], await FullTextIdsAsync(tenant));
        Assert.Equal(ChunkCount(kept), await _worker.Vectors.CountAsync(tenant, Ct));
        await AssertIndexedExactlyOnceAsync(kept);
    }

    [Fact]
    public async Task A_duplicate_submission_is_not_embedded_again()
    {
        var tenant = NewTenant();
        var content = Sentences(Marker(), 2);
        var entry = await _worker.AddAsync(tenant, "Pump checklist", content);
        await _worker.DrainAsync();
        var embeddedOnce = EmbeddedChunks(entry);

        var again = await _worker.AddAsync(tenant, "Pump checklist", content);

        Assert.Equal(entry.Id, again.Id);
        Assert.Equal(0, await _worker.DrainAsync());
        Assert.Equal(ChunkCount(entry), embeddedOnce);
        Assert.Equal(embeddedOnce, EmbeddedChunks(entry));
        await AssertIndexedExactlyOnceAsync(entry);
    }

    [Fact]
    public async Task A_superseded_message_is_completed_without_indexing()
    {
        var tenant = NewTenant();
        var first = await _worker.AddAsync(tenant, "Pump checklist", Sentences(Marker(), 3));
        var second = await _worker.UpdateAsync(first, Sentences(Marker(), 1));
        var deletedBeforeIndexing = await _worker.AddAsync(tenant, "Short-lived note", Sentences(Marker(), 1));
        Assert.True(await _worker.Knowledge.DeleteAsync(tenant, deletedBeforeIndexing.Id, Ct));

        Assert.Equal(4, await _worker.DrainAsync());

        Assert.Equal([1, 2], _worker.Outbox.Claimed.Where(m => m.EntryId == first.Id).Select(m => m.EntryVersion).Order());
        Assert.Equal(0, EmbeddedChunks(first));
        Assert.Equal(0, EmbeddedChunks(deletedBeforeIndexing));
        Assert.Equal(ChunkCount(second!), EmbeddedChunks(second!));
        await AssertIndexedExactlyOnceAsync(second!);
        Assert.Null(await _worker.Knowledge.GetAsync(tenant, deletedBeforeIndexing.Id, Ct));
        Assert.Equal([first.Id], await FullTextIdsAsync(tenant));
    }

    /// <summary>Three entries of one tenant; the victim, in the middle, has several chunks, so a retry must
    /// overwrite them, never add to them.</summary>
    private async Task<(string Tenant, List<KnowledgeEntry> Entries, KnowledgeEntry Victim)> ThreeEntriesAsync()
    {
        var tenant = NewTenant();
        var entries = new List<KnowledgeEntry>();
        foreach (var (name, sentences) in new[] { ("First", 1), ("Second", 3), ("Third", 1) })
            entries.Add(await _worker.AddAsync(tenant, name + " checklist", Sentences(Marker(), sentences)));
        Assert.True(_worker.ChunksOf(entries[1]).Count > 1);
        return (tenant, entries, entries[1]);
    }

    private async Task AssertTenantIndexedExactlyOnceAsync(string tenant, IReadOnlyList<KnowledgeEntry> entries)
    {
        foreach (var entry in entries)
            await AssertIndexedExactlyOnceAsync(entry);
        Assert.Equal(ChunkCount([.. entries]), await _worker.Vectors.CountAsync(tenant, Ct));
        Assert.Equal(entries.Select(e => e.Id).Order(), (await FullTextIdsAsync(tenant)).Order());
    }

    [Theory]
    [InlineData(IndexingStep.Vectors)]
    [InlineData(IndexingStep.FullText)]
    [InlineData(IndexingStep.Documents)]
    [InlineData(IndexingStep.Complete)]
    public async Task A_step_failing_for_one_entry_of_a_batch_fails_only_that_entry_which_a_retry_then_indexes_exactly_once(IndexingStep step)
    {
        var (tenant, entries, victim) = await ThreeEntriesAsync();
        // Fails the round's batch, then the victim's projection on its own.
        _worker.Faults.Times(victim.Id, step, FaultKind.Error, 2);

        Assert.Equal(3, await _worker.RunRoundAsync());

        Assert.Equal(2, _worker.Faults.Fired.Count(f => f == (victim.Id, step)));
        foreach (var healthy in new[] { entries[0], entries[2] })
            await AssertIndexedExactlyOnceAsync(healthy);
        var failedOnce = await _worker.Knowledge.GetAsync(tenant, victim.Id, Ct);
        Assert.Equal(KnowledgeStatus.Pending, failedOnce!.Status);
        // Nothing is due again until the retry delay has passed.
        Assert.Equal(0, await _worker.RunRoundAsync());
        _worker.Clock.Advance(WorkerHost.TestOptions.RetryBaseDelay);

        Assert.Equal(1, await _worker.DrainAsync());

        Assert.Equal(1, _worker.Outbox.Claimed.Last(m => m.EntryId == victim.Id).Attempts);
        await AssertTenantIndexedExactlyOnceAsync(tenant, entries);
    }

    [Theory]
    [InlineData(IndexingStep.Vectors)]
    [InlineData(IndexingStep.FullText)]
    [InlineData(IndexingStep.Documents)]
    [InlineData(IndexingStep.Complete)]
    public async Task A_passing_fault_in_a_batch_is_absorbed_by_projecting_its_entries_one_by_one(IndexingStep step)
    {
        var (tenant, entries, victim) = await ThreeEntriesAsync();
        _worker.Faults.Times(victim.Id, step, FaultKind.Error, 1);

        Assert.Equal(3, await _worker.RunRoundAsync());

        Assert.Contains((victim.Id, step), _worker.Faults.Fired);
        await AssertTenantIndexedExactlyOnceAsync(tenant, entries);
        Assert.Equal(0, await _worker.RunRoundAsync());
    }

    [Theory]
    [InlineData(IndexingStep.FullText)]
    [InlineData(IndexingStep.Documents)]
    [InlineData(IndexingStep.Complete)]
    public async Task A_crash_between_steps_leaves_the_round_claimed_and_the_retry_indexes_every_entry_exactly_once(IndexingStep step)
    {
        var (tenant, entries, victim) = await ThreeEntriesAsync();
        using var round = new CancellationTokenSource();
        _worker.Faults.RoundToKill = round;
        _worker.Faults.Times(victim.Id, step, FaultKind.Crash, 1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _worker.RunRoundAsync(ct: round.Token));

        Assert.Contains((victim.Id, step), _worker.Faults.Fired);
        // The batch died before completing: every entry is still Pending, and claimed until the dead round's lease ends.
        foreach (var entry in entries)
            Assert.Equal(KnowledgeStatus.Pending, (await _worker.Knowledge.GetAsync(tenant, entry.Id, Ct))!.Status);
        Assert.Equal(0, await _worker.RunRoundAsync());
        _worker.Clock.Advance(WorkerHost.TestOptions.Lease);

        Assert.Equal(3, await _worker.DrainAsync());

        await AssertTenantIndexedExactlyOnceAsync(tenant, entries);
    }

    [Fact]
    public async Task An_entry_failing_every_time_backs_off_and_ends_Failed_with_its_error_after_MaxAttempts()
    {
        var tenant = NewTenant();
        var healthy = await _worker.AddAsync(tenant, "Healthy note", Sentences(Marker(), 1));
        var broken = await _worker.AddAsync(tenant, "Broken note", Sentences(Marker(), 1));
        _worker.Faults.Always(broken.Id, IndexingStep.Vectors);
        var options = WorkerHost.TestOptions;

        Assert.Equal(2, await _worker.RunRoundAsync());
        await AssertIndexedExactlyOnceAsync(healthy);
        for (var attempt = 2; attempt <= options.MaxAttempts; attempt++)
        {
            // Exponential backoff: base, 2 x base, ...; one second early nothing is due.
            var delay = options.RetryBaseDelay * (1 << (attempt - 2));
            Assert.Equal(0, await _worker.RunRoundAsync());
            _worker.Clock.Advance(delay - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await _worker.RunRoundAsync());
            Assert.Equal(KnowledgeStatus.Pending, (await _worker.Knowledge.GetAsync(tenant, broken.Id, Ct))!.Status);
            _worker.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, await _worker.RunRoundAsync());
            var retried = _worker.Outbox.Claimed.Last(m => m.EntryId == broken.Id);
            Assert.Equal(attempt - 1, retried.Attempts);
            Assert.Contains("injected fault before Vectors", retried.LastError);
        }
        _worker.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _worker.RunRoundAsync());

        var failed = await _worker.Knowledge.GetAsync(tenant, broken.Id, Ct);
        Assert.Equal(KnowledgeStatus.Failed, failed!.Status);
        Assert.StartsWith("StoreUnavailableException: Vectors is unavailable: injected fault before Vectors", failed.Error);
        // One run per attempt, plus the first round's batch with the healthy entry, which failed before the broken
        // entry was tried alone.
        Assert.Equal(options.MaxAttempts + 1, _worker.Faults.Fired.Count(f => f.Entry == broken.Id));
        Assert.Equal(1, (await _worker.IndexingStatus.CountByStatusAsync(tenant, Ct))[KnowledgeStatus.Failed]);
        Assert.Equal([healthy.Id], await FullTextIdsAsync(tenant));
        Assert.Null(await _worker.Documents.GetAsync(tenant, broken.Id, Ct));
        Assert.Equal(ChunkCount(healthy), await _worker.Vectors.CountAsync(tenant, Ct));
    }

    [Fact]
    public async Task A_round_embeds_at_most_MaxChunksPerRound_and_hands_the_other_claims_back_at_once()
    {
        var tenant = NewTenant();
        var entries = new List<KnowledgeEntry>();
        for (var i = 0; i < 4; i++)
            entries.Add(await _worker.AddAsync(tenant, $"Note {i}", Sentences(Marker(), 2)));
        var perEntry = _worker.ChunksOf(entries[0]).Count;
        Assert.All(entries, e => Assert.Equal(perEntry, _worker.ChunksOf(e).Count));
        // Room for two entries and a half: the third does not fit, so it and the fourth go back.
        var options = new IndexingOptions { EntriesPerRound = 32, MaxChunksPerRound = perEntry * 2 + perEntry / 2, Lease = TimeSpan.FromMinutes(2), MaxAttempts = 3 };
        var outbox = new ObservedOutbox(_worker.Outbox);

        Assert.Equal(2, await _worker.RunRoundAsync(options, outbox));

        foreach (var entry in entries[..2])
            await AssertIndexedExactlyOnceAsync(entry);
        Assert.All(entries[2..], e => Assert.Equal(0, EmbeddedChunks(e)));
        // Released, not leased: due again without moving the clock, untouched (no attempt counted).
        Assert.Equal(2, await _worker.RunRoundAsync(options, outbox));
        Assert.Equal(4, outbox.Claimed.Select(m => m.EntryId).Distinct().Count());
        Assert.All(outbox.Claimed.Where(m => entries[2..].Any(e => e.Id == m.EntryId)), m => Assert.Equal(0, m.Attempts));
        await AssertTenantIndexedExactlyOnceAsync(tenant, entries);
        Assert.All(entries, e => Assert.Equal(perEntry, EmbeddedChunks(e)));

        // An entry larger than the whole budget is still indexed, alone in its round.
        var large = await _worker.AddAsync(tenant, "Long note", Sentences(Marker(), 12));
        var small = await _worker.AddAsync(tenant, "Short note", Sentences(Marker(), 1));
        Assert.True(_worker.ChunksOf(large).Count > options.MaxChunksPerRound);
        Assert.Equal(1, await _worker.RunRoundAsync(options, outbox));
        await AssertIndexedExactlyOnceAsync(large);
        Assert.Equal(1, await _worker.RunRoundAsync(options, outbox));
        await AssertIndexedExactlyOnceAsync(small);
    }

    [Fact]
    public async Task Two_indexers_claiming_at_once_never_process_the_same_message()
    {
        var tenant = NewTenant();
        var entries = new List<KnowledgeEntry>();
        for (var i = 0; i < 8; i++)
            entries.Add(await _worker.AddAsync(tenant, $"Note {i}", Sentences(Marker(), 1)));
        var options = new IndexingOptions { EntriesPerRound = 2, Lease = TimeSpan.FromMinutes(2), MaxAttempts = 3 };
        var first = new ObservedOutbox(_worker.Outbox);
        var second = new ObservedOutbox(_worker.Outbox);

        var handled = await Task.WhenAll(
            Task.Run(() => _worker.DrainAsync(options, first), Ct),
            Task.Run(() => _worker.DrainAsync(options, second), Ct));

        Assert.Equal(8, handled.Sum());
        Assert.NotEmpty(first.Claimed);
        Assert.NotEmpty(second.Claimed);
        Assert.Empty(first.Claimed.Select(m => m.Id).Intersect(second.Claimed.Select(m => m.Id)));
        Assert.Equal(entries.Select(e => e.Id).Order(), first.Claimed.Concat(second.Claimed).Select(m => m.EntryId).Order());
        foreach (var entry in entries)
        {
            Assert.Equal(ChunkCount(entry), EmbeddedChunks(entry));
            await AssertIndexedExactlyOnceAsync(entry);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_worker_continues_the_trace_of_the_request_that_stored_each_entry(int entries)
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is AgentPlatform.ServiceDefaults.Telemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var api = new ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: _worker.SharedStoreSettings());
        var client = await api.ClientAsync();
        var posted = new List<(Guid EntryId, ActivityTraceId TraceId, ActivitySpanId CallerSpanId)>();
        for (var i = 0; i < entries; i++)
        {
            var (traceId, callerSpanId) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/knowledge")
            {
                Content = JsonContent.Create(new { title = "Traced note", content = Sentences(Marker(), 1) }),
            };
            request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
            var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.SendAsync(request), HttpStatusCode.Accepted);
            posted.Add((created.Id, traceId, callerSpanId));
        }

        Assert.Equal(entries, await _worker.DrainAsync());

        foreach (var (entryId, traceId, callerSpanId) in posted)
        {
            var message = Assert.Single(_worker.Outbox.Claimed, m => m.EntryId == entryId);
            Assert.True(ActivityContext.TryParse(message.TraceParent, null, out var stored), $"not a traceparent: '{message.TraceParent}'");
            var apiRequest = Assert.Single(stopped, a => a.TraceId == traceId && a.Kind == ActivityKind.Server);
            var indexing = Assert.Single(stopped, a => a.OperationName == "index knowledge entry" && Equals(a.GetTagItem("agentplatform.entry_id"), entryId));
            Assert.Equal(callerSpanId, apiRequest.ParentSpanId);
            Assert.Equal((traceId, apiRequest.SpanId), (stored.TraceId, stored.SpanId));
            Assert.Equal((traceId, apiRequest.SpanId), (indexing.TraceId, indexing.ParentSpanId));
            Assert.Equal(ActivityKind.Consumer, indexing.Kind);
        }
        // Entries projected together also share a batch span that links back to every request.
        var batches = stopped.Where(a => a.OperationName == "index knowledge batch"
            && a.Links.Any(l => posted.Any(p => p.TraceId == l.Context.TraceId))).ToList();
        if (entries == 1)
        {
            Assert.Empty(batches);
        }
        else
        {
            var batch = Assert.Single(batches);
            Assert.Equal(posted.Select(p => p.TraceId.ToHexString()).Order(), batch.Links.Select(l => l.Context.TraceId.ToHexString()).Order());
        }
    }

    /// <summary>The entry is Indexed at its current version and every projection holds it once: exactly the chunker's
    /// chunk ids and texts in Chroma, one full-text document with the current content, the document with its chunks.</summary>
    private async Task AssertIndexedExactlyOnceAsync(KnowledgeEntry entry)
    {
        var current = await _worker.Knowledge.GetAsync(entry.TenantId, entry.Id, Ct);
        Assert.NotNull(current);
        Assert.Equal((KnowledgeStatus.Indexed, (string?)null), (current.Status, current.Error));
        Assert.NotNull(current.IndexedAt);
        var chunks = _worker.ChunksOf(current);

        var records = (await VectorRecordsAsync(entry.TenantId)).Where(r => r.EntryId == entry.Id).OrderBy(r => r.ChunkIndex).ToList();
        Assert.Equal(chunks.Select(c => VectorRecord.ChunkId(entry.Id, c.Index)), records.Select(r => r.Id));
        Assert.Equal(chunks.Select(c => c.Text), records.Select(r => r.Text));
        Assert.All(records, r => Assert.Equal(current.AgentId, r.AgentId));

        var texts = (await _worker.FullText.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(entry.TenantId, "", new SearchFilter(), Limit: 100), Ct))
            .Hits.Where(h => h.Document.Id == entry.Id.ToString()).ToList();
        var text = Assert.Single(texts).Document;
        Assert.Equal((current.TenantId, current.Title, current.Content, current.AgentId), (text.TenantId, text.Title, text.Content, text.AgentId));

        var document = await _worker.Documents.GetAsync(entry.TenantId, entry.Id, Ct);
        Assert.NotNull(document);
        Assert.Equal((current.Version, current.Content, current.AgentId), (document.Version, document.Content, document.AgentId));
        Assert.Equal(chunks, document.Chunks);
    }

    /// <summary>Every chunk of the tenant (the probe is compared with all of them; far more results than chunks are asked for).</summary>
    private async Task<IReadOnlyList<VectorRecord>> VectorRecordsAsync(string tenant) =>
        (await _worker.Vectors.QueryAsync(tenant, Probe, 300, new SearchFilter(), Ct)).Select(h => h.Record).ToList();

    private async Task<List<Guid>> FullTextIdsAsync(string tenant) =>
        (await _worker.FullText.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(tenant, "", new SearchFilter(), Limit: 100), Ct))
        .Hits.Select(h => Guid.Parse(h.Document.Id)).ToList();

    private Task<FullTextResult> SearchAsync(string tenant, string text) =>
        _worker.FullText.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(tenant, text, new SearchFilter(), Fuzzy: false), Ct);

    private int ChunkCount(params KnowledgeEntry[] entries) => entries.Sum(e => _worker.ChunksOf(e).Count);

    /// <summary>How many of the entry's chunk texts (at its version here) the model has been given.</summary>
    private int EmbeddedChunks(KnowledgeEntry entry)
    {
        var texts = _worker.EmbeddedTextsOf(entry).ToHashSet();
        return _worker.Embeddings.Texts.Count(texts.Contains);
    }
}
