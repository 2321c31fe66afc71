namespace AgentPlatform.Contracts;

/// <summary>A session as the API returns it; MetadataJson is the metadata object as text.</summary>
public sealed record SessionResponse(
    Guid Id, string TenantId, string AgentId, string? UserId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, SessionStatus Status, string? MetadataJson);
