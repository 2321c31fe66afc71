using System.ComponentModel;
using System.Text.Json.Serialization;

namespace AgentPlatform.Contracts;

/// <summary>Analytics of one agent, or of the whole tenant (then with its most active agents), over the last
/// <see cref="Days"/> UTC days: the window [From, To) ends at the coming UTC midnight. UniqueUsers: distinct users of the
/// window's conversation messages; AverageResponseLength: characters (Unicode code points) per assistant message, null
/// without one; both from the document store, as Messages is. ConversationActivity comes from the full-text index.</summary>
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
    long UniqueUsers,
    double? AverageResponseLength,
    IReadOnlyList<DailyFigures> Daily,
    IReadOnlyList<NamedCount> TopIntents,
    KnowledgeGrowth Knowledge,
    ConversationActivity ConversationActivity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<NamedCount>? MostActiveAgents);
