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

/// <summary>One step of an agent session. TenantId and AgentId are copied from the session so
/// per-agent time-window queries use one index.</summary>
public sealed record AgentInteraction
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required Guid SessionId { get; init; }
    public required string AgentId { get; init; }
    public required InteractionType Type { get; init; }
    public required string Input { get; init; }
    public string? Output { get; init; }
    public string? Intent { get; init; }
    public int ProcessingTimeMs { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? MetadataJson { get; init; }
    /// <summary>The step's outcome; only an unsuccessful one carries an <see cref="ErrorMessage"/>.</summary>
    public bool Success { get; init; } = true;
    public string? ErrorMessage { get; init; }
}

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
}

/// <summary>A versioned agent state document; Version starts at 1 and grows by one on every put.</summary>
public sealed record AgentState
{
    public required string TenantId { get; init; }
    public required string AgentId { get; init; }
    public required string StateType { get; init; }
    public required string DataJson { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
