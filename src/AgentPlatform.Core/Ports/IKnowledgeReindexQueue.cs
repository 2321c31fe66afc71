using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Queues a tenant's knowledge for re-projection (the admin reindex).</summary>
public interface IKnowledgeReindexQueue
{
    /// <summary>Queues every entry of the tenant that is not being deleted for re-projection and marks it Pending, in one
    /// transaction: <paramref name="operation"/> is Upsert (every projection), ReindexVectors or ReindexFullText (that
    /// projection only). An entry with that operation, or an Upsert, already queued at its current version is left as
    /// it is. Returns how many messages were queued (0 when all were queued already).</summary>
    Task<int> EnqueueReindexAsync(string tenantId, OutboxOperation operation, CancellationToken ct);
}
