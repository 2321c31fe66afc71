using AgentPlatform.Contracts;
namespace AgentPlatform.Domain;

public sealed record AgentSession
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string AgentId { get; init; }
    public string? UserId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public SessionStatus Status { get; init; } = SessionStatus.Active;
    /// <summary>Free-form JSON object supplied by the caller.</summary>
    public string? MetadataJson { get; init; }
}
