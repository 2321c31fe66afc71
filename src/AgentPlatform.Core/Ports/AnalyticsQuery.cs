
namespace AgentPlatform.Ports;

/// <summary>What to summarize: one tenant's activity in the window [From, To), of one agent when AgentId is set.</summary>
public sealed record AnalyticsQuery(string TenantId, string? AgentId, DateTimeOffset From, DateTimeOffset To)
{
    public const int DefaultTopCount = 10;

    /// <summary>How many intents (and, for a tenant overview, agents) the ranked lists keep.</summary>
    public int TopCount { get; init; } = DefaultTopCount;
}
