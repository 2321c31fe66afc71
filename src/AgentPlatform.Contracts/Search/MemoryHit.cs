namespace AgentPlatform.Contracts;

/// <summary>One remembered message (Kind Message: its session, speaker and time; Before/After hold the neighbouring
/// turns when context was asked for, oldest first) or one knowledge entry (Kind Knowledge: Title, Text is its best chunk).</summary>
public sealed record MemoryHit(
    MemoryHitKind Kind,
    Guid Id,
    Guid? SessionId,
    string? AgentId,
    string? UserId,
    MessageRole? Role,
    string? Title,
    string Text,
    DateTimeOffset CreatedAt,
    double Score,
    IReadOnlyList<string> Highlights,
    IReadOnlyList<MessageResponse>? Before,
    IReadOnlyList<MessageResponse>? After,
    IReadOnlyDictionary<string, EngineExplanation>? Explain);
