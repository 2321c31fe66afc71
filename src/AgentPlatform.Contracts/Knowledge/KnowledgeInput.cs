namespace AgentPlatform.Contracts;

/// <summary>A knowledge entry as submitted by a caller (POST/PUT body). AgentId names the agent the entry belongs to;
/// it is set when the entry is created and an update keeps it.</summary>
public sealed record KnowledgeInput(string? Title, string? Content, string? Category = null, IReadOnlyList<string>? Tags = null, string? Source = null, string? AgentId = null);
