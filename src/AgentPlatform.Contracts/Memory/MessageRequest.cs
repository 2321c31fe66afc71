using System.Text.Json;

namespace AgentPlatform.Contracts;

/// <summary>One conversation message. CreatedAt dates an imported message (not in the future, not before 1970);
/// without it the message is stamped now.</summary>
public sealed record MessageRequest(MessageRole? Role, string? Content, string? UserId = null, JsonElement? Metadata = null, DateTimeOffset? CreatedAt = null);
