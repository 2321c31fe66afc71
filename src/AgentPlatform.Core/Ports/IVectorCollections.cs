namespace AgentPlatform.Ports;

/// <summary>The vector collections of every embedding model (knowledge and memory, per tenant, named for the model)
/// and each tenant's <see cref="VectorModelState"/>, kept durably beside them.</summary>
public interface IVectorCollections
{
    /// <summary>The knowledge collections of a vector space ("all-MiniLM-L6-v2/384").</summary>
    IVectorIndex Knowledge(string vectorSpace);

    /// <summary>The conversation-memory collections of a vector space.</summary>
    IVectorIndex Memory(string vectorSpace);

    /// <summary>Deletes the tenant's knowledge and memory collections of a vector space.</summary>
    Task DropAsync(string tenantId, string vectorSpace, CancellationToken ct);

    /// <summary>The tenant's saved state; for a tenant whose collections predate saved states, the model they record;
    /// null for a tenant without vectors.</summary>
    Task<VectorModelState?> GetStateAsync(string tenantId, CancellationToken ct);

    /// <summary>Replaces the tenant's state in one write.</summary>
    Task SaveStateAsync(string tenantId, VectorModelState state, CancellationToken ct);

    /// <summary>Every tenant with a saved state or a collection.</summary>
    Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct);
}
