using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Brings the conversation projections (full text, memory vectors: one <see cref="IMessageProjection"/> each)
/// up to date with the document store (new and edited messages upserted, deleted ones removed, then their tombstones
/// purged), with the knowledge outbox's semantics: claims messages not yet indexed
/// (leased, so other workers skip them), writes each tenant's batch to every projection, then marks them indexed. A
/// crash before the mark leaves them to be claimed again when the lease ends (every projection is an upsert by
/// message id, so doing it twice changes nothing). A batch a projection refuses is retried one message at a time, so a
/// message it rejects never holds back the others; each failed attempt is counted with its error and retried with
/// exponential backoff, and after <see cref="IndexingOptions.MaxAttempts"/> the message is Failed, its error kept,
/// until a reindex.</summary>
public sealed class ConversationIndexer(
    IMessageOutbox outbox,
    IEnumerable<IMessageProjection> projections,
    IndexingMetrics metrics,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<ConversationIndexer> logger)
{
    private readonly IReadOnlyList<IMessageProjection> _projections = [.. projections];

    /// <summary>Processes one round; returns the number of messages indexed (0 = nothing was due, or indexing failed).</summary>
    public async Task<int> RunRoundAsync(CancellationToken ct)
    {
        var o = options.Value;
        IReadOnlyList<ConversationMessage> claimed;
        // An idle poll leaves no trace.
        using (SuppressInstrumentationScope.Begin())
            claimed = await outbox.ClaimUnindexedAsync(o.MessagesPerRound, o.Lease, clock.GetUtcNow(), ct);
        if (claimed.Count == 0) return 0;

        using var activity = AgentPlatform.ServiceDefaults.Telemetry.ActivitySource.StartActivity("index conversation messages");
        activity?.SetTag("agentplatform.messages", claimed.Count);
        var indexed = new List<ConversationMessage>(claimed.Count);
        foreach (var ofTenant in claimed.GroupBy(m => m.TenantId))
        {
            var batch = ofTenant.ToList();
            var outcome = await ProjectAsync(batch, ct);
            if (outcome is null)
                indexed.AddRange(batch);
            // The store is down: every message would fail alike, so all of them wait for the lease to end.
            else if (outcome is StoreUnavailableException) { }
            else if (batch.Count > 1)
                indexed.AddRange(await ProjectEachAsync(batch, ct));
            else
                await FailAsync(batch[0], outcome, ct);
        }
        if (indexed.Count == 0) return 0;
        await outbox.MarkIndexedAsync(indexed, ct);
        metrics.MessagesIndexed(indexed.Count);
        return indexed.Count;
    }

    private async Task<List<ConversationMessage>> ProjectEachAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var indexed = new List<ConversationMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (await ProjectAsync([message], ct) is { } error)
            {
                if (error is not StoreUnavailableException)
                    await FailAsync(message, error, ct);
            }
            else
            {
                indexed.Add(message);
            }
        }
        return indexed;
    }

    /// <summary>Writes one tenant's messages to every projection (a deleted message is removed from it instead);
    /// returns the failure (counted and logged), or null on success.</summary>
    private async Task<Exception?> ProjectAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var projection = "";
        var tenantId = messages[0].TenantId;
        IReadOnlyList<ConversationMessage> live = [.. messages.Where(m => !m.Deleted)];
        IReadOnlyList<Guid> deleted = [.. messages.Where(m => m.Deleted).Select(m => m.Id)];
        try
        {
            foreach (var p in _projections)
            {
                projection = p.Name;
                if (live.Count > 0) await p.UpsertAsync(tenantId, live, ct);
                if (deleted.Count > 0) await p.DeleteAsync(tenantId, deleted, ct);
            }
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.Failed();
            logger.LogWarning(ex, "Indexing {Count} conversation message(s) into {Projection} failed (first {MessageId})",
                messages.Count, projection, messages[0].Id);
            return ex;
        }
    }

    private Task FailAsync(ConversationMessage message, Exception error, CancellationToken ct) =>
        outbox.FailIndexingAsync(message, $"{error.GetType().Name}: {error.Message}",
            attempts => options.Value.RetryAt(attempts, clock.GetUtcNow()), ct);
}
