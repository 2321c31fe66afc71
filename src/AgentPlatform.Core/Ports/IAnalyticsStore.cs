using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>What to summarize: one tenant's activity in the window [From, To), of one agent when AgentId is set.</summary>
public sealed record AnalyticsQuery(string TenantId, string? AgentId, DateTimeOffset From, DateTimeOffset To)
{
    public const int DefaultTopCount = 10;

    /// <summary>How many intents (and, for a tenant overview, agents) the ranked lists keep.</summary>
    public int TopCount { get; init; } = DefaultTopCount;
}

/// <summary>Sessions started in the window. Active: still running now; the average duration covers those that ended.</summary>
public sealed record SessionStats(long Total, long Active, long Ended, double? AverageDurationMs);

/// <summary>Processing time of the window's interactions. Percentiles use the nearest-rank method
/// (<see cref="Analytics.Percentiles.NearestRank"/>); every figure is null when there were no interactions.</summary>
public sealed record ProcessingTimeStats(long Count, double? AverageMs, int? P50Ms, int? P95Ms);

/// <summary>One UTC day of the window.</summary>
public sealed record DailyActivity(DateOnly Day, long Sessions, long Interactions);

public sealed record InteractionTypeCount(InteractionType Type, long Count);

/// <summary>A ranked name (an intent or an agent id) and how many interactions it had.</summary>
public sealed record NamedCount(string Name, long Count);

/// <summary>Knowledge entries of the tenant, or of the query's agent when it names one (entries without an agent count
/// only tenant-wide): created in the window, whose latest indexing
/// finished in the window, and now Failed whose latest change (the one that failed to index) was made in the window.</summary>
public sealed record KnowledgeGrowth(long Added, long Indexed, long Failed);

/// <summary>The relational store's figures for one <see cref="AnalyticsQuery"/>. Lists are complete and ordered:
/// every interaction type (zeros included, in enum order), every UTC day of the window (oldest first), the top
/// intents and agents by count (ties by ordinal name). MostActiveAgents is empty when the query names an agent.</summary>
public sealed record ActivitySummary(
    SessionStats Sessions,
    IReadOnlyList<InteractionTypeCount> InteractionsByType,
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
