namespace AgentPlatform.Ports;

/// <summary>Which embedding model a tenant's searches use, and the move to another one. <see cref="Active"/> is the
/// vector space ("model/dimensions") of the collections searches read; while <see cref="Target"/> is set, the worker
/// fills that model's collections beside them (every entry and message re-embedded, new writes embedded for both),
/// and when they are complete one save makes the target active: that save is the switch. The collections of the
/// model switched away from (<see cref="Retired"/>) are deleted once the grace period after <see cref="RetiredAt"/> ends.</summary>
public sealed record VectorModelState
{
    public required string Active { get; init; }
    public string? Target { get; init; }
    /// <summary>Every entry and message of the tenant has been queued for re-embedding into <see cref="Target"/>.</summary>
    public bool Queued { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>What the re-embedding queued: the progress is measured against these.</summary>
    public long EntriesTotal { get; init; }
    public long MessagesTotal { get; init; }
    public string? Retired { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }
}

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
