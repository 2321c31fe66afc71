namespace AgentPlatform.Ports;

/// <summary>Where a tenant's conversation messages stand in indexing (the ingestion status).</summary>
public interface IMessageIndexingStatus
{
    /// <summary>The tenant's messages by indexing state.</summary>
    Task<MessageIndexingCounts> CountIndexingAsync(string tenantId, CancellationToken ct);
}
