using System.Diagnostics;
using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Brings the projections (vectors, full text, documents) up to date for a round of claimed outbox messages.
/// Every step is an idempotent upsert or delete keyed by entry id (chunk ids "entryId:n"), so a crash at any point
/// followed by a retry converges on the same state with no duplicate chunks.</summary>
public sealed class KnowledgeIndexer(
    IKnowledgeOutbox outbox,
    IVectorIndex vectors,
    IFullTextIndex fullText,
    IKnowledgeDocumentStore documents,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TextChunker chunker,
    IndexingMetrics metrics,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<KnowledgeIndexer> logger)
{
    private sealed record Work(OutboxMessage Message, KnowledgeEntry Entry, IReadOnlyList<KnowledgeChunk> Chunks);
    private sealed record Embedded(Work Work, IReadOnlyList<Embedding<float>> ChunkVectors);

    /// <summary>Processes one round; returns the number of messages handled (0 = the outbox had nothing due). Messages
    /// claimed beyond <see cref="IndexingOptions.MaxChunksPerRound"/> are released, not handled.</summary>
    public async Task<int> RunRoundAsync(CancellationToken ct)
    {
        var o = options.Value;
        var claimed = await outbox.ClaimAsync(o.EntriesPerRound, o.Lease, clock.GetUtcNow(), ct);
        if (claimed.Count == 0) return 0;

        var upserts = new List<Work>();
        var released = new List<OutboxMessage>();
        var chunks = 0;
        foreach (var message in claimed)
        {
            // Once one entry is handed back, so is everything after it: the messages of an entry stay in order.
            if (released.Count > 0 || chunks >= o.MaxChunksPerRound)
            {
                released.Add(message);
                continue;
            }
            var entry = await outbox.GetEntryAsync(message.TenantId, message.EntryId, ct);
            if (message.Operation == OutboxOperation.Delete || entry is null)
            {
                await GuardAsync(message, () => DeleteAsync(message, ct), ct);
            }
            else if (entry.Status == KnowledgeStatus.Deleting || entry.Version != message.EntryVersion)
            {
                // Superseded: a later message (delete or newer version) carries the entry's current state.
                await outbox.CompleteUpsertAsync([message], clock.GetUtcNow(), ct);
            }
            else
            {
                var work = new Work(message, entry, chunker.Chunk(entry.Title, entry.Content));
                if (upserts.Count > 0 && chunks + work.Chunks.Count > o.MaxChunksPerRound)
                {
                    released.Add(message);
                    continue;
                }
                upserts.Add(work);
                chunks += work.Chunks.Count;
            }
        }
        // Handed back before the embedding starts, so another worker can take them now rather than after the lease.
        if (released.Count > 0)
            await outbox.ReleaseAsync(released, clock.GetUtcNow(), ct);
        if (upserts.Count > 0)
            await IndexAsync(upserts, ct);
        return claimed.Count - released.Count;
    }

    private async Task IndexAsync(List<Work> work, CancellationToken ct)
    {
        // One embedding call for the chunks of every entry in the round keeps the model's batches full.
        var texts = work.SelectMany(w => w.Chunks.Select(c => c.Text)).ToList();
        GeneratedEmbeddings<Embedding<float>> vectorsOut;
        var started = Stopwatch.GetTimestamp();
        try
        {
            vectorsOut = await embeddings.GenerateAsync(texts, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Embedding {Chunks} chunks of {Entries} entries failed", texts.Count, work.Count);
            foreach (var w in work) await FailAsync(w.Message, ex, ct);
            return;
        }
        metrics.Embedded(Stopwatch.GetElapsedTime(started));

        var embedded = new List<Embedded>(work.Count);
        var offset = 0;
        foreach (var w in work)
        {
            embedded.Add(new Embedded(w, [.. vectorsOut.Skip(offset).Take(w.Chunks.Count)]));
            offset += w.Chunks.Count;
        }
        foreach (var ofTenant in embedded.GroupBy(e => e.Work.Entry.TenantId))
            await ProjectTenantAsync([.. ofTenant], ct);
    }

    /// <summary>Projects a tenant's entries of the round together (one request or commit per store instead of one per
    /// entry). If that fails, each entry is projected again on its own, so one bad entry or a passing fault fails
    /// only the entries it really affects; every step is idempotent, so redoing what the batch already wrote is safe.</summary>
    private async Task ProjectTenantAsync(IReadOnlyList<Embedded> group, CancellationToken ct)
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

    /// <summary>Vectors, stale chunks, full text, documents, then completion: each step one call for the group.</summary>
    private async Task ProjectAsync(IReadOnlyList<Embedded> group, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow; // spans run on the wall clock, as Activity does, not on the worker's TimeProvider
        using var activity = group.Count == 1
            ? StartActivity("index knowledge entry", group[0].Work.Message)
            : StartBatchActivity(group);
        var tenantId = group[0].Work.Entry.TenantId;
        var chunks = group.Sum(g => g.Work.Chunks.Count);
        activity?.SetTag("agentplatform.chunks", chunks);

        await vectors.UpsertAsync(tenantId, [.. group.SelectMany(g => VectorRecords(g.Work, g.ChunkVectors))], ct);
        await vectors.DeleteChunksFromAsync(tenantId, [.. group.Select(g => (g.Work.Entry.Id, g.Work.Chunks.Count))], ct);
        await fullText.IndexAsync(FullTextIndexName.Knowledge, [.. group.Select(g => FullTextDocumentOf(g.Work.Entry))], ct);
        await documents.UpsertAsync([.. group.Select(g => DocumentOf(g.Work))], ct);
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

    private static IEnumerable<VectorRecord> VectorRecords(Work w, IReadOnlyList<Embedding<float>> chunkVectors)
    {
        var e = w.Entry;
        return w.Chunks.Select((c, i) => new VectorRecord
        {
            Id = VectorRecord.ChunkId(e.Id, c.Index),
            EntryId = e.Id,
            ChunkIndex = c.Index,
            Text = c.Text,
            Title = e.Title,
            Embedding = chunkVectors[i].Vector,
            Category = e.Category,
            Tags = e.Tags,
            AgentId = e.AgentId,
            CreatedAt = e.CreatedAt,
        });
    }

    private static FullTextDocument FullTextDocumentOf(KnowledgeEntry e) => new()
    {
        Id = e.Id.ToString(),
        TenantId = e.TenantId,
        Title = e.Title,
        Content = e.Content,
        Category = e.Category,
        Tags = e.Tags,
        AgentId = e.AgentId,
        CreatedAt = e.CreatedAt,
    };

    private static KnowledgeDocument DocumentOf(Work w)
    {
        var e = w.Entry;
        return new KnowledgeDocument
        {
            EntryId = e.Id,
            TenantId = e.TenantId,
            Title = e.Title,
            Content = e.Content,
            Category = e.Category,
            Tags = e.Tags,
            Source = e.Source,
            AgentId = e.AgentId,
            Version = e.Version,
            Chunks = w.Chunks,
            CreatedAt = e.CreatedAt,
            UpdatedAt = e.UpdatedAt,
        };
    }

    private async Task DeleteAsync(OutboxMessage message, CancellationToken ct)
    {
        using var activity = StartActivity("delete knowledge entry", message);
        await vectors.DeleteEntryAsync(message.TenantId, message.EntryId, ct);
        await fullText.DeleteAsync(FullTextIndexName.Knowledge, message.TenantId, [message.EntryId.ToString()], ct);
        await documents.DeleteAsync(message.TenantId, message.EntryId, ct);
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
        var o = options.Value;
        var attempt = message.Attempts + 1;
        DateTimeOffset? retryAt = attempt >= o.MaxAttempts
            ? null
            : clock.GetUtcNow() + TimeSpan.FromTicks(Math.Min(o.RetryMaxDelay.Ticks, o.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20))));
        logger.LogWarning(error, "Indexing entry {EntryId} ({Operation}) failed on attempt {Attempt}/{Max}; {Next}",
            message.EntryId, message.Operation, attempt, o.MaxAttempts, retryAt is null ? "giving up: entry marked Failed" : $"retry at {retryAt:O}");
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
    private static Activity? StartBatchActivity(IReadOnlyList<Embedded> group)
    {
        var links = new List<ActivityLink>();
        foreach (var g in group)
        {
            if (ActivityContext.TryParse(g.Work.Message.TraceParent, traceState: null, out var requestContext))
                links.Add(new ActivityLink(requestContext));
        }
        var activity = AgentPlatform.ServiceDefaults.Telemetry.ActivitySource.StartActivity(
            "index knowledge batch", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("agentplatform.tenant", group[0].Work.Entry.TenantId);
        activity?.SetTag("agentplatform.batch_entries", group.Count);
        return activity;
    }
}
