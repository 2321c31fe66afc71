using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Brings the full-text "conversations" index up to date with the document store: claims messages not yet
/// indexed (leased, so other workers skip them), indexes them in one batch, then marks them indexed. A failure or a
/// crash before the mark leaves them to be claimed again when the lease ends; indexing is an upsert by message id,
/// so doing it twice leaves one document per message. Messages the index keeps rejecting are retried after every
/// lease (each attempt counted in the failures metric and logged with the message id); they never block the others.</summary>
public sealed class ConversationIndexer(
    IConversationStore conversations,
    IFullTextIndex fullText,
    IndexingMetrics metrics,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<ConversationIndexer> logger)
{
    /// <summary>Processes one round; returns the number of messages indexed (0 = nothing was due, or indexing failed).</summary>
    public async Task<int> RunRoundAsync(CancellationToken ct)
    {
        var o = options.Value;
        var claimed = await conversations.ClaimUnindexedAsync(o.MessagesPerRound, o.Lease, clock.GetUtcNow(), ct);
        if (claimed.Count == 0) return 0;

        using var activity = AgentPlatform.ServiceDefaults.Telemetry.ActivitySource.StartActivity("index conversation messages");
        activity?.SetTag("agentplatform.messages", claimed.Count);
        IReadOnlyList<ConversationMessage> indexed = await IndexAsync(claimed, ct) switch
        {
            null => claimed,
            // The store is down: every message would fail alike, so all of them wait for the lease to end.
            StoreUnavailableException => [],
            // The index refused the batch: a message it rejects must not hold back the others, so each is tried alone.
            _ when claimed.Count > 1 => await IndexEachAsync(claimed, ct),
            _ => [],
        };
        if (indexed.Count == 0) return 0;
        await conversations.MarkIndexedAsync(indexed, ct);
        metrics.MessagesIndexed(indexed.Count);
        return indexed.Count;
    }

    private async Task<List<ConversationMessage>> IndexEachAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var indexed = new List<ConversationMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (await IndexAsync([message], ct) is null)
                indexed.Add(message);
        }
        return indexed;
    }

    /// <summary>Indexes the messages as one batch; returns the failure (counted and logged), or null on success.</summary>
    private async Task<Exception?> IndexAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        try
        {
            await fullText.IndexAsync(FullTextIndexName.Conversations, [.. messages.Select(ConversationDocuments.ToFullTextDocument)], ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.Failed();
            logger.LogWarning(ex, "Indexing {Count} conversation message(s) failed (first {MessageId}); they are retried when their lease ends ({Lease})",
                messages.Count, messages[0].Id, options.Value.Lease);
            return ex;
        }
    }
}
