using System.Text.Json;

namespace AgentPlatform.Contracts;

/// <summary>One step of a session. CreatedAt may backdate it (replayed history), never into the future. Success is
/// the step's outcome (absent: true); ErrorMessage says what went wrong and is only accepted when Success is false.</summary>
public sealed record InteractionRequest(
    InteractionType? Type, string? Input, string? Output = null, string? Intent = null, int ProcessingTimeMs = 0,
    JsonElement? Metadata = null, DateTimeOffset? CreatedAt = null, bool? Success = null, string? ErrorMessage = null)
{
    public const int MaxErrorMessageLength = 4_000;
}
