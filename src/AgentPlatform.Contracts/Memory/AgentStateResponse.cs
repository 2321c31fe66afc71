using System.Text.Json;

namespace AgentPlatform.Contracts;

/// <summary>A version of an agent state; its ETag is the version.</summary>
public sealed record AgentStateResponse(string AgentId, string StateType, long Version, DateTimeOffset UpdatedAt, JsonElement Data);
