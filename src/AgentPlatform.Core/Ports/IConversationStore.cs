using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Conversation messages in the document store.</summary>
public interface IConversationStore
{
    Task AppendAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct);
    /// <summary>Messages of one session, newest first.</summary>
    Task<Page<ConversationMessage>> GetHistoryAsync(string tenantId, Guid sessionId, PageRequest page, CancellationToken ct);

    /// <summary>Keyset paging of one session's messages, newest first: up to <paramref name="limit"/> messages strictly
    /// older than the message <paramref name="before"/> in (createdAt, id) order, so messages stamped at the same instant
    /// are neither skipped nor repeated while new ones arrive. Offset of the page is the number of the session's messages
    /// newer than it (the cursor included), Total all of them. Null when <paramref name="before"/> is no message of this
    /// tenant's session.</summary>
    Task<Page<ConversationMessage>?> GetHistoryBeforeAsync(string tenantId, Guid sessionId, Guid before, int limit, CancellationToken ct);

    /// <summary>The store's own outbox for full-text indexing: a message is stored "not yet indexed", in the same write.
    /// Claims up to <paramref name="max"/> messages of every tenant (the indexing worker serves them all) that are not
    /// indexed and not leased at <paramref name="now"/>, oldest first, and leases them until now + lease: other workers
    /// skip them meanwhile, and if this worker dies before marking them they are claimed again once the lease ends.</summary>
    Task<IReadOnlyList<ConversationMessage>> ClaimUnindexedAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records that these messages are in every projection (full text, memory vectors); they are not claimed
    /// again until a reindex or an edit. A <see cref="ConversationMessage.Deleted"/> message is gone from the projections:
    /// its row is removed.</summary>
    Task MarkIndexedAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct);

    /// <summary>Replaces a message's content and queues it for indexing again; null when it is no live message of this
    /// tenant's session.</summary>
    Task<ConversationMessage?> UpdateContentAsync(string tenantId, Guid sessionId, Guid messageId, string content, CancellationToken ct);

    /// <summary>Deletes one message of the session, or every message of it when <paramref name="messageId"/> is null: they
    /// leave the history at once and stay as tombstones, queued, until the indexer has removed them from every
    /// projection. Returns how many were deleted (0: none of this tenant's session).</summary>
    Task<long> DeleteAsync(string tenantId, Guid sessionId, Guid? messageId, CancellationToken ct);

    /// <summary>Records a failed indexing attempt and its error. <paramref name="retryAfterAttempt"/> gets the number of
    /// attempts made so far and answers when to try again, or null to give up: the message is then Failed (never
    /// claimed again, error kept) until a reindex.</summary>
    Task FailIndexingAsync(ConversationMessage message, string error, Func<int, DateTimeOffset?> retryAfterAttempt, CancellationToken ct);

    /// <summary>Marks every message of the tenant for indexing again (Failed ones included, attempts reset); returns how many.</summary>
    Task<long> EnqueueReindexAsync(string tenantId, CancellationToken ct);

    /// <summary>The tenant's messages by indexing state.</summary>
    Task<MessageIndexingCounts> CountIndexingAsync(string tenantId, CancellationToken ct);

    /// <summary>Up to <paramref name="count"/> messages of the session right before and right after the given one, each
    /// list oldest first; null when the message is no message of this tenant's session.</summary>
    Task<MessageNeighbours?> GetNeighboursAsync(string tenantId, Guid sessionId, Guid messageId, int count, CancellationToken ct);
    /// <summary>How many messages were created in [from, to) on each UTC day, of the tenant and, when agentId is set,
    /// of that agent (exact match). Days without messages are absent.</summary>
    Task<IReadOnlyDictionary<DateOnly, long>> CountPerDayAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
    /// <summary>Users and assistant responses of the messages created in [from, to), of the tenant and, when agentId is
    /// set, of that agent (exact match).</summary>
    Task<ConversationFigures> SummarizeAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
