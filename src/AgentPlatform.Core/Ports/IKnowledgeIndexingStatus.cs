using AgentPlatform.Contracts;

namespace AgentPlatform.Ports;

/// <summary>Where a tenant's knowledge entries stand in indexing (the ingestion and worker status).</summary>
public interface IKnowledgeIndexingStatus
{
    Task<IReadOnlyDictionary<KnowledgeStatus, long>> CountByStatusAsync(string tenantId, CancellationToken ct);
    /// <summary>Entries of the tenant that are Indexed with IndexedAt at or after <paramref name="since"/>: the recent indexing rate.</summary>
    Task<long> CountIndexedSinceAsync(string tenantId, DateTimeOffset since, CancellationToken ct);
}
