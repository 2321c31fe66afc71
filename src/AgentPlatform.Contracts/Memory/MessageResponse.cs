namespace AgentPlatform.Contracts;

public sealed record MessageResponse(
    Guid Id, string TenantId, Guid SessionId, string AgentId, string? UserId, MessageRole Role, string Content, DateTimeOffset CreatedAt, string? MetadataJson);
