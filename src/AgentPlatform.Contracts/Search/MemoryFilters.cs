namespace AgentPlatform.Contracts;

/// <summary>Memory search filters, each applied inside the engines. The time range is CreatedFrom inclusive,
/// CreatedTo exclusive. Session, user and role only narrow conversation hits; agent and time narrow both kinds.</summary>
public sealed record MemoryFilters(
    string? AgentId = null,
    string? SessionId = null,
    string? UserId = null,
    MessageRole? Role = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null);
