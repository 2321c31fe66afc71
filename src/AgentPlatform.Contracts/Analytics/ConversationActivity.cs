namespace AgentPlatform.Contracts;

/// <summary>The window's conversation messages as the full-text conversations index holds them (a message counts once
/// the worker has indexed it): per UTC day (every day of the window), the words most messages contain (English stop
/// words left out) and how many messages each role wrote.</summary>
public sealed record ConversationActivity(long Messages, IReadOnlyList<DailyCount> Daily, IReadOnlyList<NamedCount> TopTerms, IReadOnlyList<NamedCount> Roles);
