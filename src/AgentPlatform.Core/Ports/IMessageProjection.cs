using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>One projection of conversation messages (full text, memory vectors), kept in step with the document store
/// by the conversation indexer. Upserts are idempotent (keyed by message id), so a retry after a crash converges.</summary>
public interface IMessageProjection
{
    string Name { get; }

    /// <summary>Writes messages of one tenant, in as few store calls as the store allows.</summary>
    Task UpsertAsync(string tenantId, IReadOnlyList<ConversationMessage> messages, CancellationToken ct);
}
