using System.Text.Json;

namespace AgentPlatform.Contracts;

/// <summary>Starts a session of an agent, optionally for a user, with free-form metadata (a JSON object). StartedAt
/// dates an imported session (not in the future, not before 1970); without it the session starts now.</summary>
public sealed record CreateSessionRequest(string? AgentId, string? UserId = null, JsonElement? Metadata = null, DateTimeOffset? StartedAt = null);
