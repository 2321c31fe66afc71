namespace AgentPlatform.Contracts;

public sealed record InteractionResponse(
    Guid Id, string TenantId, Guid SessionId, string AgentId, InteractionType Type, string Input, string? Output, string? Intent,
    int ProcessingTimeMs, DateTimeOffset CreatedAt, string? MetadataJson, bool Success, string? ErrorMessage);
