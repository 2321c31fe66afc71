using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Reads of the conversation messages in the document store: a session's history, a message's neighbours and messages by id.</summary>
public interface IConversationHistory
{
    /// <summary>Messages of one session, newest first.</summary>
    Task<Page<ConversationMessage>> GetHistoryAsync(string tenantId, Guid sessionId, PageRequest page, CancellationToken ct);

    /// <summary>Keyset paging of one session's messages, newest first: up to <paramref name="limit"/> messages strictly
    /// older than the message <paramref name="before"/> in (createdAt, id) order, so messages stamped at the same instant
    /// are neither skipped nor repeated while new ones arrive. Offset of the page is the number of the session's messages
    /// newer than it (the cursor included), Total all of them. Null when <paramref name="before"/> is no message of this
    /// tenant's session.</summary>
    Task<Page<ConversationMessage>?> GetHistoryBeforeAsync(string tenantId, Guid sessionId, Guid before, int limit, CancellationToken ct);

    /// <summary>Up to <paramref name="count"/> messages of the session right before and right after the given one, each
    /// list oldest first; null when the message is no message of this tenant's session.</summary>
    Task<MessageNeighbours?> GetNeighboursAsync(string tenantId, Guid sessionId, Guid messageId, int count, CancellationToken ct);

    /// <summary>The tenant's live messages among these ids, in no particular order: an unknown, deleted or another tenant's
    /// id is left out. At most <see cref="MaxMessageIds"/> ids.</summary>
    Task<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string tenantId, IReadOnlyCollection<Guid> messageIds, CancellationToken ct);

    /// <summary>Most ids one <see cref="GetMessagesAsync"/> reads (a memory search reads at most its limit).</summary>
    public const int MaxMessageIds = 1000;
}
