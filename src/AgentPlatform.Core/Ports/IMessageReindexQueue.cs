namespace AgentPlatform.Ports;

/// <summary>Queues a tenant's conversation messages for indexing again (the admin reindex).</summary>
public interface IMessageReindexQueue
{
    /// <summary>Marks every message of the tenant for indexing again (Failed ones included, attempts reset); returns how many.</summary>
    Task<long> EnqueueReindexAsync(string tenantId, CancellationToken ct);
}
