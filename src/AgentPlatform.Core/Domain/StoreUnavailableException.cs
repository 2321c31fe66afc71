namespace AgentPlatform.Domain;

/// <summary>A store could not be reached or answered with a transport-level failure.</summary>
public sealed class StoreUnavailableException(string store, string message, Exception? inner = null)
    : Exception($"{store} is unavailable: {message}", inner)
{
    public string Store { get; } = store;
}
