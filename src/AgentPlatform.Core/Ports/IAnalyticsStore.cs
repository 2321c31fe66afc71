using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>What to summarize: one tenant's activity in the window [From, To), of one agent when AgentId is set.</summary>
public sealed record AnalyticsQuery(string TenantId, string? AgentId, DateTimeOffset From, DateTimeOffset To)
{
    public const int DefaultTopCount = 10;

    /// <summary>How many intents (and, for a tenant overview, agents) the ranked lists keep.</summary>
    public int TopCount { get; init; } = DefaultTopCount;
}

/// <summary>One UTC day of the window.</summary>
public sealed record DailyActivity(DateOnly Day, long Sessions, long Interactions);

/// <summary>The relational store's figures for one <see cref="AnalyticsQuery"/>. Lists are complete and ordered:
/// every interaction type (zeros included, in enum order), every UTC day of the window (oldest first), the top
/// intents and agents by count (ties by ordinal name). MostActiveAgents is empty when the query names an agent.
/// SuccessfulInteractions: those logged with success; SessionsWithInteractions: distinct sessions of the window's interactions.</summary>
public sealed record ActivitySummary(
    SessionStats Sessions,
    IReadOnlyList<InteractionTypeCount> InteractionsByType,
    long SuccessfulInteractions,
    long SessionsWithInteractions,
    ProcessingTimeStats ProcessingTime,
    IReadOnlyList<DailyActivity> Daily,
    IReadOnlyList<NamedCount> TopIntents,
    KnowledgeGrowth Knowledge,
    IReadOnlyList<NamedCount> MostActiveAgents);

/// <summary>Aggregations over the system of record (sessions, interactions, knowledge entries). Every backend
/// answers the same query with the same figures.</summary>
public interface IAnalyticsStore
{
    Task<ActivitySummary> SummarizeAsync(AnalyticsQuery query, CancellationToken ct);
}
