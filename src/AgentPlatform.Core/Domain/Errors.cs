namespace AgentPlatform.Domain;

/// <summary>A store could not be reached or answered with a transport-level failure.</summary>
public sealed class StoreUnavailableException(string store, string message, Exception? inner = null)
    : Exception($"{store} is unavailable: {message}", inner)
{
    public string Store { get; } = store;
}

/// <summary>An optimistic-concurrency check failed: the caller's expected version is not the current one.</summary>
public sealed class ConcurrencyConflictException(string resource, long? expectedVersion, long? currentVersion)
    : Exception($"{resource}: expected version {expectedVersion?.ToString() ?? "(none)"} but the current version is {currentVersion?.ToString() ?? "(none)"}.")
{
    public string Resource { get; } = resource;
    public long? ExpectedVersion { get; } = expectedVersion;
    public long? CurrentVersion { get; } = currentVersion;
}

/// <summary>A write reached a session that has ended (or an end reached one that another end got to first).</summary>
public sealed class SessionEndedException(AgentSession session)
    : Exception($"Session {session.Id} ended at {session.EndedAt:O} ({session.Status}).")
{
    public AgentSession Session { get; } = session;
}
