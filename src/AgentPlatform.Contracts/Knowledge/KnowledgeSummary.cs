namespace AgentPlatform.Contracts;

/// <summary>The list view of an entry: without its content, which can be a megabyte.</summary>
public sealed record KnowledgeSummary(Guid Id, string Title, string? Category, IReadOnlyList<string> Tags, string? AgentId, int Version, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? IndexedAt, string? Error);
