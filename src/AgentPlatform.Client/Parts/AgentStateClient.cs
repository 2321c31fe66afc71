using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Versioned agent state with optimistic concurrency: read it, change it, write it back with the version
/// read; a write from a stale version throws <see cref="AgentPlatformConflictException"/> (412).</summary>
public sealed class AgentStateClient
{
    private readonly PlatformHttp _http;

    internal AgentStateClient(PlatformHttp http) => _http = http;

    public Task<AgentStateResponse> GetAsync(string agentId, string stateType, CancellationToken ct = default) =>
        _http.SendAsync<AgentStateResponse>(HttpMethod.Get, Path(agentId, stateType), null, ct);

    /// <summary>Writes the state (any value serialising to a JSON object). Without expectedVersion it creates the
    /// state (428 if it exists); with it, it replaces that version (412 when the state moved on).</summary>
    public Task<AgentStateResponse> PutAsync(string agentId, string stateType, object data, long? expectedVersion = null, CancellationToken ct = default) =>
        _http.SendAsync<AgentStateResponse>(HttpMethod.Put, Path(agentId, stateType), data, ct, expectedVersion);

    /// <summary>Every version of the state, newest first.</summary>
    public IAsyncEnumerable<AgentStateResponse> HistoryAsync(string agentId, string stateType, int pageSize = Paging.DefaultPageSize, CancellationToken ct = default) =>
        Paging.AllAsync((offset, token) => _http.SendAsync<Page<AgentStateResponse>>(HttpMethod.Get,
            Path(agentId, stateType) + "/history" + Paging.Query(("offset", offset), ("limit", pageSize)), null, token), ct);

    private static string Path(string agentId, string stateType) => $"/v1/agents/{Paging.Segment(agentId)}/state/{Paging.Segment(stateType)}";
}
