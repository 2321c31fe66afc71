namespace AgentPlatform.Storage;

/// <summary>Prepares one store before use: applies migrations, creates indexes, templates or directories.
/// Must be idempotent and safe to run from several processes at once.</summary>
public interface IStoreInitializer
{
    string Store { get; }
    Task InitializeAsync(CancellationToken ct);
}
