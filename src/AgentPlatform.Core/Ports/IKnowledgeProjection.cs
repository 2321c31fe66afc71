namespace AgentPlatform.Ports;

/// <summary>One projection of knowledge (vectors, full text, documents). Both operations are idempotent: a retry after
/// a crash anywhere converges on the same state.</summary>
public interface IKnowledgeProjection
{
    KnowledgeProjectionKind Kind { get; }

    /// <summary>Writes the entries of one tenant, in as few store calls as the store allows.</summary>
    Task UpsertAsync(string tenantId, IReadOnlyList<ProjectedEntry> entries, CancellationToken ct);

    Task DeleteAsync(string tenantId, Guid entryId, CancellationToken ct);
}
