namespace AgentPlatform.Domain;

/// <summary>The document-store mirror of an indexed entry, with its chunks.</summary>
public sealed record KnowledgeDocument
{
    public required Guid EntryId { get; init; }
    public required string TenantId { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Source { get; init; }
    /// <summary>The agent the entry belongs to, if any.</summary>
    public string? AgentId { get; init; }
    public required int Version { get; init; }
    public IReadOnlyList<KnowledgeChunk> Chunks { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
