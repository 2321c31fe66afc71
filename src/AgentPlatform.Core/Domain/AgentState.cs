namespace AgentPlatform.Domain;

/// <summary>A versioned agent state document; Version starts at 1 and grows by one on every put.</summary>
public sealed record AgentState
{
    public required string TenantId { get; init; }
    public required string AgentId { get; init; }
    public required string StateType { get; init; }
    public required string DataJson { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
