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
