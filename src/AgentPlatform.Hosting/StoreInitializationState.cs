using System.Collections.Concurrent;

namespace AgentPlatform.Storage;

/// <summary>Which stores have been initialized in this process.</summary>
public sealed class StoreInitializationState
{
    private readonly ConcurrentDictionary<string, string?> _errors = new();
    private readonly ConcurrentDictionary<string, bool> _done = new();

    public bool IsReady(IEnumerable<string> stores) => stores.All(s => _done.ContainsKey(s));
    public void MarkDone(string store) { _done[store] = true; _errors.TryRemove(store, out _); }
    public void MarkFailed(string store, string error) => _errors[store] = error;
    public IReadOnlyDictionary<string, string?> Errors => _errors;
}
