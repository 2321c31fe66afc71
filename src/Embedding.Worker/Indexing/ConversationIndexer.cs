using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Brings the full-text "conversations" index up to date with the document store: claims messages not yet
/// indexed (leased, so other workers skip them), indexes them in one batch, then marks them indexed. A failure or a
/// crash before the mark leaves them to be claimed again when the lease ends; indexing is an upsert by message id,
/// so doing it twice leaves one document per message.</summary>
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
        try
        {
            await fullText.IndexAsync(FullTextIndexName.Conversations, [.. claimed.Select(ConversationDocuments.ToFullTextDocument)], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.Failed();
            logger.LogWarning(ex, "Indexing {Count} conversation messages failed; they are retried when their lease ends ({Lease})",
                claimed.Count, o.Lease);
            return 0;
        }
        await conversations.MarkIndexedAsync(claimed, ct);
        metrics.MessagesIndexed(claimed.Count);
        return claimed.Count;
    }
}
