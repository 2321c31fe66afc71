using AgentPlatform.Contracts;
namespace AgentPlatform.Domain;

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
