namespace AgentPlatform.Contracts;

/// <summary>Full-text search over the tenant's conversation messages. Every filter is optional; the time range is
/// From inclusive, To exclusive, on the message's creation time.</summary>
public sealed record ConversationSearchRequest(
    string? Query,
    string? AgentId = null,
    string? SessionId = null,
    string? UserId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = SearchRequest.DefaultLimit,
    int Offset = 0);
