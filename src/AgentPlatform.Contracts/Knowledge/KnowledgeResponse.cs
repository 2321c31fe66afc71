namespace AgentPlatform.Contracts;

/// <summary>An entry with its content and indexing status (Pending, Indexed, Failed, Deleting); StatusUrl reads it again.</summary>
public sealed record KnowledgeResponse(
    Guid Id, string Title, string Content, string? Category, IReadOnlyList<string> Tags, string? Source, string? AgentId, int Version,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? IndexedAt, string? Error, string StatusUrl);
