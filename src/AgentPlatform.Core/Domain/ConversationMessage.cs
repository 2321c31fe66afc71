using AgentPlatform.Contracts;
namespace AgentPlatform.Domain;

public sealed record ConversationMessage
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required Guid SessionId { get; init; }
    public required string AgentId { get; init; }
    public string? UserId { get; init; }
    public required MessageRole Role { get; init; }
    public required string Content { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? MetadataJson { get; init; }
    /// <summary>Set only on a message the indexer claims after it was deleted: its projections are to be removed, then the row.</summary>
    public bool Deleted { get; init; }
}
