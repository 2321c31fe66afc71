using System.Text.Json;

namespace AgentPlatform.Contracts;

/// <summary>Starts a session of an agent, optionally for a user, with free-form metadata (a JSON object).</summary>
public sealed record CreateSessionRequest(string? AgentId, string? UserId = null, JsonElement? Metadata = null);
