using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Messages still to index (Pending, being retried included), in every projection (Indexed), or given up on (Failed).</summary>
public sealed record MessageIndexingCounts(long Pending, long Indexed, long Failed);

public sealed record MessageNeighbours(IReadOnlyList<ConversationMessage> Before, IReadOnlyList<ConversationMessage> After);

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
    /// again until a reindex.</summary>
    Task MarkIndexedAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct);

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

/// <summary>Conversation figures of a window: distinct non-null user ids of its messages, and its assistant messages with
/// their total length in Unicode code points (so every store counts "👋" as one character).</summary>
public sealed record ConversationFigures(long UniqueUsers, long AssistantMessages, long AssistantCharacters)
{
    public double? AverageResponseLength => AssistantMessages == 0 ? null : (double)AssistantCharacters / AssistantMessages;
}

/// <summary>Versioned agent state with optimistic concurrency.</summary>
public interface IAgentStateStore
{
    /// <summary>Writes a new version. expectedVersion null means "create": it conflicts when a state exists.
    /// Otherwise it must equal the current version. Throws <see cref="ConcurrencyConflictException"/>.</summary>
    Task<AgentState> PutAsync(string tenantId, string agentId, string stateType, string dataJson, long? expectedVersion, DateTimeOffset now, CancellationToken ct);
    Task<AgentState?> GetAsync(string tenantId, string agentId, string stateType, CancellationToken ct);
    /// <summary>Earlier and current versions, newest first.</summary>
    Task<Page<AgentState>> ListHistoryAsync(string tenantId, string agentId, string stateType, PageRequest page, CancellationToken ct);
}

public sealed record DocumentTextHit(KnowledgeDocument Document, double Score);

/// <summary>Mirror of indexed knowledge entries, with chunks.</summary>
public interface IKnowledgeDocumentStore
{
    /// <summary>Inserts or replaces each document by entry id (idempotent), in one write where the store allows.</summary>
    Task UpsertAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken ct);
    Task<KnowledgeDocument?> GetAsync(string tenantId, Guid entryId, CancellationToken ct);
    Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct);
    /// <summary>Text search over title and content (any word matches; a title match weighs double), best first, of the
    /// documents the filter keeps (category, tags, agent, created time; a session or user filter keeps none).</summary>
    Task<IReadOnlyList<DocumentTextHit>> SearchTextAsync(string tenantId, string text, SearchFilter filter, int limit, CancellationToken ct);
}
