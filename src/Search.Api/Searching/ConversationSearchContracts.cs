using AgentPlatform.Domain;

namespace AgentPlatform.SearchApi.Searching;

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

/// <summary>One matching message: a snippet of its start, and the fragments around the matched words (in &lt;em&gt;).</summary>
public sealed record ConversationSearchHit(
    Guid MessageId,
    Guid SessionId,
    string AgentId,
    string? UserId,
    MessageRole Role,
    string Snippet,
    IReadOnlyList<string> Highlights,
    DateTimeOffset CreatedAt,
    double Score);

/// <summary>Hits best first; Total counts every match, so offset + limit pages through them.</summary>
public sealed record ConversationSearchResponse(string Query, IReadOnlyList<ConversationSearchHit> Hits, long Total, int Offset, int Limit, double TookMs);
