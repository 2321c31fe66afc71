using AgentPlatform.Contracts;

namespace AgentPlatform.Storage.Relational;

internal sealed record SessionTimes(DateTimeOffset StartedAt, DateTimeOffset? EndedAt, SessionStatus Status);
