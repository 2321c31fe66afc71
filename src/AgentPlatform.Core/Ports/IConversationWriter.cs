using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Writes of conversation messages in the document store. Each write queues the messages it touches for
/// indexing in the same store write (see <see cref="IMessageOutbox"/>).</summary>
public interface IConversationWriter
{
    Task AppendAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct);

    /// <summary>Replaces a message's content and queues it for indexing again; null when it is no live message of this
    /// tenant's session.</summary>
    Task<ConversationMessage?> UpdateContentAsync(string tenantId, Guid sessionId, Guid messageId, string content, CancellationToken ct);

    /// <summary>Deletes one message of the session, or every message of it when <paramref name="messageId"/> is null: they
    /// leave the history at once and stay as tombstones, queued, until the indexer has removed them from every
    /// projection. Returns how many were deleted (0: none of this tenant's session).</summary>
    Task<long> DeleteAsync(string tenantId, Guid sessionId, Guid? messageId, CancellationToken ct);
}
