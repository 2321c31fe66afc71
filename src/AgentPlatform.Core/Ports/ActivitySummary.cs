using AgentPlatform.Contracts;

namespace AgentPlatform.Ports;

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
