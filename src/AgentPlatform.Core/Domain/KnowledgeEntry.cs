using AgentPlatform.Contracts;
namespace AgentPlatform.Domain;

/// <summary>A knowledge entry as held by the system of record (the relational store).</summary>
public sealed record KnowledgeEntry
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Source { get; init; }
    /// <summary>The agent the entry belongs to, if any: search can filter by it and analytics count it per agent.</summary>
    public string? AgentId { get; init; }
    /// <summary>SHA-256 (hex) of the normalized title and content; (TenantId, ContentHash) finds duplicates.</summary>
    public required string ContentHash { get; init; }
    public int Version { get; init; } = 1;
    public KnowledgeStatus Status { get; init; } = KnowledgeStatus.Pending;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? IndexedAt { get; init; }
    public string? Error { get; init; }
}
