using AgentPlatform.Contracts;
using System.Diagnostics;
using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Brings the knowledge projections (vectors, full text, documents: one <see cref="IKnowledgeProjection"/>
/// each) up to date for a round of claimed outbox messages: claim (entries come with their messages) → chunk → embed
/// → each projection the message asks for → complete. Every projection step is an idempotent upsert or delete keyed
/// by entry id (chunk ids "entryId:n"), so a crash at any point followed by a retry converges on the same state with
/// no duplicate chunks.</summary>
public sealed class KnowledgeIndexer(
    IKnowledgeOutbox outbox,
    IEnumerable<IKnowledgeProjection> projections,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TextChunker chunker,
    IndexingMetrics metrics,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<KnowledgeIndexer> logger)
{
    private readonly IReadOnlyList<IKnowledgeProjection> _projections = [.. projections.OrderBy(p => p.Kind)];

    private sealed record Work(OutboxMessage Message, KnowledgeEntry Entry, IReadOnlyList<KnowledgeChunk> Chunks, IReadOnlyList<IKnowledgeProjection> Projections)
    {
        public bool NeedsVectors => Projections.Any(p => p.Kind == KnowledgeProjectionKind.Vectors);
    }

    /// <summary>Processes one round; returns the number of messages handled (0 = the outbox had nothing due). Messages
    /// claimed beyond a tenant's share of <see cref="IndexingOptions.MaxChunksPerRound"/> are released, not handled.</summary>
    public async Task<int> RunRoundAsync(CancellationToken ct)
    {
        var o = options.Value;
        IReadOnlyList<ClaimedOutboxMessage> claimed;
        // An idle poll leaves no trace: only a claim that finds work is worth a span in the dashboard.
        using (SuppressInstrumentationScope.Begin())
            claimed = await outbox.ClaimAsync(o.EntriesPerRound, o.Lease, clock.GetUtcNow(), ct);
        if (claimed.Count == 0) return 0;

        var upserts = new List<Work>();
        var superseded = new List<OutboxMessage>();
        var released = new List<OutboxMessage>();
        // Each tenant of the round gets an equal share of its chunks, and always its first entry, so one tenant's
        // large entries delay another tenant's by at most one round.
        var tenantShare = Math.Max(1, o.MaxChunksPerRound / claimed.Select(c => c.Message.TenantId).Distinct().Count());
        var chunksTaken = new Dictionary<string, int>(); // per tenant, once it has an upsert in the round
        var releasedTenants = new HashSet<string>();
        foreach (var (message, entry) in claimed)
        {
            var tenant = message.TenantId;
            // Once one of a tenant's entries is handed back, so is everything after it: the messages of an entry stay in order.
            if (releasedTenants.Contains(tenant))
            {
                released.Add(message);
            }
            else if (message.Operation == OutboxOperation.Delete || entry is null)
            {
                await GuardAsync(message, () => DeleteAsync(message, ct), ct);
            }
            else if (entry.Status == KnowledgeStatus.Deleting || entry.Version != message.EntryVersion)
            {
                // Superseded: a later message (delete or newer version) carries the entry's current state.
                superseded.Add(message);
            }
            else
            {
                var work = ToWork(message, entry);
                if (chunksTaken.TryGetValue(tenant, out var chunks) && chunks + work.Chunks.Count > tenantShare)
                {
                    released.Add(message);
                    releasedTenants.Add(tenant);
                    continue;
                }
                upserts.Add(work);
                chunksTaken[tenant] = chunks + work.Chunks.Count;
            }
        }
        // Handed back before the embedding starts, so another worker can take them now rather than after the lease.
        if (released.Count > 0)
            await outbox.ReleaseAsync(released, clock.GetUtcNow(), ct);
        if (superseded.Count > 0)
            await outbox.CompleteUpsertAsync(superseded, clock.GetUtcNow(), ct);
        if (upserts.Count > 0)
            await IndexAsync(upserts, ct);
        return claimed.Count - released.Count;
    }

    /// <summary>The projections a message asks for; chunks only when a projection stores them (a full-text reindex needs none).</summary>
    private Work ToWork(OutboxMessage message, KnowledgeEntry entry)
    {
        IReadOnlyList<IKnowledgeProjection> wanted = message.Operation switch
        {
            OutboxOperation.ReindexVectors => [.. _projections.Where(p => p.Kind == KnowledgeProjectionKind.Vectors)],
            OutboxOperation.ReindexFullText => [.. _projections.Where(p => p.Kind == KnowledgeProjectionKind.FullText)],
            _ => _projections,
        };
        var needsChunks = wanted.Any(p => p.Kind is KnowledgeProjectionKind.Vectors or KnowledgeProjectionKind.Documents);
        return new Work(message, entry, needsChunks ? chunker.Chunk(entry.Title, entry.Content) : [], wanted);
    }

    /// <summary>Each tenant's share of the round is embedded and projected on its own, the smallest first, so a tenant
    /// with a few short entries is indexed in seconds even when another tenant's share is a megabyte of text.</summary>
    private async Task IndexAsync(List<Work> work, CancellationToken ct)
    {
        foreach (var ofTenant in work.GroupBy(w => w.Entry.TenantId).OrderBy(g => g.Sum(w => w.Chunks.Count)))
            await IndexTenantAsync([.. ofTenant], ct);
    }

    private async Task IndexTenantAsync(List<Work> work, CancellationToken ct)
    {
        // One embedding call for the chunks of every entry of the tenant's share keeps the model's batches full.
        var toEmbed = work.Where(w => w.NeedsVectors).ToList();
        var vectorsOf = new Dictionary<Work, IReadOnlyList<ReadOnlyMemory<float>>>();
        if (toEmbed.Count > 0)
        {
            var texts = toEmbed.SelectMany(w => chunker.EmbeddedTexts(w.Entry.Title, w.Entry.Content, w.Chunks)).ToList();
            var started = Stopwatch.GetTimestamp();
            try
            {
                var generated = await embeddings.GenerateAsync(texts, cancellationToken: ct);
                var offset = 0;
                foreach (var w in toEmbed)
                {
                    vectorsOf[w] = [.. generated.Skip(offset).Take(w.Chunks.Count).Select(e => e.Vector)];
                    offset += w.Chunks.Count;
                }
                metrics.Embedded(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Embedding {Chunks} chunks of {Entries} entries failed", texts.Count, toEmbed.Count);
                foreach (var w in toEmbed) await FailAsync(w.Message, ex, ct);
                work = [.. work.Except(toEmbed)];
            }
        }
        // Entries asking for the same projections are projected together.
        foreach (var group in work.GroupBy(w => w.Message.Operation))
            await ProjectTenantAsync([.. group.Select(w => (w, new ProjectedEntry(w.Entry, w.Chunks, vectorsOf.GetValueOrDefault(w), w.Message.Operation)))], ct);
    }

    /// <summary>Projects a tenant's entries of the round together (one request or commit per store instead of one per
    /// entry). If that fails, each entry is projected again on its own, so one bad entry or a passing fault fails
    /// only the entries it really affects; every step is idempotent, so redoing what the batch already wrote is safe.</summary>
    private async Task ProjectTenantAsync(IReadOnlyList<(Work Work, ProjectedEntry Entry)> group, CancellationToken ct)
    {
        if (group.Count == 1)
        {
            await GuardAsync(group[0].Work.Message, () => ProjectAsync(group, ct), ct);
            return;
        }
        try
        {
            await ProjectAsync(group, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Projecting {Entries} entries of tenant {Tenant} together failed; projecting them one by one",
                group.Count, group[0].Work.Entry.TenantId);
            foreach (var one in group)
                await GuardAsync(one.Work.Message, () => ProjectAsync([one], ct), ct);
        }
    }

    /// <summary>Each projection the group asks for, then completion: each step one call for the group.</summary>
    private async Task ProjectAsync(IReadOnlyList<(Work Work, ProjectedEntry Entry)> group, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow; // spans run on the wall clock, as Activity does, not on the worker's TimeProvider
        using var activity = group.Count == 1
            ? StartActivity("index knowledge entry", group[0].Work.Message)
            : StartBatchActivity([.. group.Select(g => g.Work.Message)]);
        var tenantId = group[0].Work.Entry.TenantId;
        var chunks = group.Sum(g => g.Work.Chunks.Count);
        activity?.SetTag("agentplatform.chunks", chunks);

        IReadOnlyList<ProjectedEntry> entries = [.. group.Select(g => g.Entry)];
        foreach (var projection in group[0].Work.Projections)
            await projection.UpsertAsync(tenantId, entries, ct);
        await outbox.CompleteUpsertAsync([.. group.Select(g => g.Work.Message)], clock.GetUtcNow(), ct);
        metrics.Indexed(group.Count, chunks);

        if (group.Count > 1)
        {
            // Each entry's own trace still shows its indexing, as a span covering the batch it was projected in.
            foreach (var g in group)
            {
                using var entryActivity = StartActivity("index knowledge entry", g.Work.Message, started);
                entryActivity?.SetTag("agentplatform.chunks", g.Work.Chunks.Count);
                entryActivity?.SetTag("agentplatform.batch_entries", group.Count);
            }
        }
    }

    private async Task DeleteAsync(OutboxMessage message, CancellationToken ct)
    {
        using var activity = StartActivity("delete knowledge entry", message);
        foreach (var projection in _projections)
            await projection.DeleteAsync(message.TenantId, message.EntryId, ct);
        await outbox.CompleteDeleteAsync(message, ct);
        metrics.Deleted(1);
    }

    private async Task GuardAsync(OutboxMessage message, Func<Task> step, CancellationToken ct)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailAsync(message, ex, ct);
        }
    }

    private async Task FailAsync(OutboxMessage message, Exception error, CancellationToken ct)
    {
        metrics.Failed();
        var attempt = message.Attempts + 1;
        var retryAt = options.Value.RetryAt(attempt, clock.GetUtcNow());
        logger.LogWarning(error, "Indexing entry {EntryId} ({Operation}) failed on attempt {Attempt}/{Max}; {Next}",
            message.EntryId, message.Operation, attempt, options.Value.MaxAttempts, retryAt is null ? "giving up: entry marked Failed" : $"retry at {retryAt:O}");
        await outbox.FailAsync(message, $"{error.GetType().Name}: {error.Message}", retryAt, ct);
    }

    /// <summary>The entry's span continues the trace of the request that wrote the outbox row, so one trace shows
    /// the API call and the indexing it caused; a message without a (valid) traceparent starts a trace of its own.</summary>
    private static Activity? StartActivity(string name, OutboxMessage message, DateTimeOffset startTime = default)
    {
        ActivityContext.TryParse(message.TraceParent, traceState: null, out var requestContext);
        var activity = AgentPlatform.ServiceDefaults.Telemetry.ActivitySource.StartActivity(name, ActivityKind.Consumer, requestContext, startTime: startTime);
        activity?.SetTag("agentplatform.tenant", message.TenantId);
        activity?.SetTag("agentplatform.entry_id", message.EntryId);
        activity?.SetTag("agentplatform.attempt", message.Attempts + 1);
        return activity;
    }

    /// <summary>A batch's span belongs to no single request: it starts a trace of its own, linked to each entry's request.</summary>
    private static Activity? StartBatchActivity(IReadOnlyList<OutboxMessage> messages)
    {
        var links = new List<ActivityLink>();
        foreach (var message in messages)
        {
            if (ActivityContext.TryParse(message.TraceParent, traceState: null, out var requestContext))
                links.Add(new ActivityLink(requestContext));
        }
        var activity = AgentPlatform.ServiceDefaults.Telemetry.ActivitySource.StartActivity(
            "index knowledge batch", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("agentplatform.tenant", messages[0].TenantId);
        activity?.SetTag("agentplatform.batch_entries", messages.Count);
        return activity;
    }
}
