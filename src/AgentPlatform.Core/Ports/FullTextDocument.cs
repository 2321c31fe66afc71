namespace AgentPlatform.Ports;

/// <summary>A document in a full-text index. Queries score title and content as one text (BM25 over an all-text field).</summary>
public sealed record FullTextDocument
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string Title { get; init; }
    /// <summary>Empty in the hits of a query without content (<see cref="FullTextQuery.WithContent"/>).</summary>
    public string Content { get; init; } = "";
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? AgentId { get; init; }
    public string? SessionId { get; init; }
    public string? UserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
