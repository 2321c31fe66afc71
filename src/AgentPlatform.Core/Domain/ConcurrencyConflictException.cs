namespace AgentPlatform.Domain;

/// <summary>An optimistic-concurrency check failed: the caller's expected version is not the current one.</summary>
public sealed class ConcurrencyConflictException(string resource, long? expectedVersion, long? currentVersion)
    : Exception($"{resource}: expected version {expectedVersion?.ToString() ?? "(none)"} but the current version is {currentVersion?.ToString() ?? "(none)"}.")
{
    public string Resource { get; } = resource;
    public long? ExpectedVersion { get; } = expectedVersion;
    public long? CurrentVersion { get; } = currentVersion;
}
