namespace AgentPlatform.Ports;

public sealed record SearchFilter
{
    public string? Category { get; init; }
    /// <summary>A hit must carry every listed tag, or at least one of them when <see cref="MatchAnyTag"/> is set.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>False (default): every tag of <see cref="Tags"/> is required. True: any one of them is enough.</summary>
    public bool MatchAnyTag { get; init; }
    public string? AgentId { get; init; }
    public string? SessionId { get; init; }
    public string? UserId { get; init; }
    /// <summary>Time window [From, To): From inclusive, To exclusive, in every adapter.</summary>
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
}
