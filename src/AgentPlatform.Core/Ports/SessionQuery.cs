using AgentPlatform.Contracts;

namespace AgentPlatform.Ports;

public sealed record SessionQuery(string? AgentId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, SessionStatus? Status = null);
