namespace AgentPlatform.Storage.Relational;

internal sealed record InteractionTiming(int ProcessingTimeMs, DateTimeOffset CreatedAt, bool Success);
