namespace AgentPlatform.Contracts;

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
