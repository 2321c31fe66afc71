using System.ComponentModel;
using System.Text.Json.Serialization;

namespace AgentPlatform.Contracts;

/// <summary>Analytics of one agent, or of the whole tenant (then with its most active agents), over the last
/// <see cref="Days"/> UTC days: the window [From, To) ends at the coming UTC midnight.</summary>
[ImmutableObject(true)]
public sealed record AnalyticsReport(
    string TenantId,
    string? AgentId,
    int Days,
    DateTimeOffset From,
    DateTimeOffset To,
    SessionStats Sessions,
    InteractionFigures Interactions,
    ProcessingTimeStats ProcessingTime,
    long Messages,
    IReadOnlyList<DailyFigures> Daily,
    IReadOnlyList<NamedCount> TopIntents,
    KnowledgeGrowth Knowledge,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<NamedCount>? MostActiveAgents);
