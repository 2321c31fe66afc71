namespace AgentPlatform.Contracts;

public sealed record SearchHit(
    Guid EntryId,
    string Title,
    string? Category,
    IReadOnlyList<string> Tags,
    double Score,
    string? BestChunk,
    int? BestChunkIndex,
    IReadOnlyList<string> Highlights,
    IReadOnlyDictionary<string, EngineExplanation>? Explain);
