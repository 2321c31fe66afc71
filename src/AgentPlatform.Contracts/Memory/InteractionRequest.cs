using System.Text.Json;

namespace AgentPlatform.Contracts;

/// <summary>One step of a session. CreatedAt may backdate it (replayed history), never into the future.</summary>
public sealed record InteractionRequest(
    InteractionType? Type, string? Input, string? Output = null, string? Intent = null, int ProcessingTimeMs = 0,
    JsonElement? Metadata = null, DateTimeOffset? CreatedAt = null);
