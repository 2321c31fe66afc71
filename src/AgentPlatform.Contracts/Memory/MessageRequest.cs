using System.Text.Json;

namespace AgentPlatform.Contracts;

public sealed record MessageRequest(MessageRole? Role, string? Content, string? UserId = null, JsonElement? Metadata = null);
