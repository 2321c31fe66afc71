using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>The worker's side of the document store's own outbox for conversation messages: a message is stored
/// "not yet indexed", in the same write, and the conversation indexer claims, completes or fails it here.</summary>
public interface IMessageOutbox
{
    /// <summary>Claims up to <paramref name="max"/> messages of every tenant (the indexing worker serves them all) that are not
    /// indexed and not leased at <paramref name="now"/>, oldest first, and leases them until now + lease: other workers
    /// skip them meanwhile, and if this worker dies before marking them they are claimed again once the lease ends.</summary>
    Task<IReadOnlyList<ConversationMessage>> ClaimUnindexedAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records that these messages are in every projection (full text, memory vectors); they are not claimed
    /// again until a reindex or an edit. A <see cref="ConversationMessage.Deleted"/> message is gone from the projections:
    /// its row is removed.</summary>
    Task MarkIndexedAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct);

    /// <summary>Records a failed indexing attempt and its error. <paramref name="retryAfterAttempt"/> gets the number of
    /// attempts made so far and answers when to try again, or null to give up: the message is then Failed (never
    /// claimed again, error kept) until a reindex.</summary>
    Task FailIndexingAsync(ConversationMessage message, string error, Func<int, DateTimeOffset?> retryAfterAttempt, CancellationToken ct);
}
