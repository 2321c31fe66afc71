using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Recall: memory search over the tenant's conversations, its knowledge, or both fused (Search.Api,
/// POST /v1/memory/search): semantic, full text or hybrid, filtered by agent, session, user, role and time, with
/// neighbouring turns around each remembered message when context is asked for.</summary>
public sealed class MemoryClient
{
    private readonly PlatformHttp _search;

    internal MemoryClient(PlatformHttp search) => _search = search;

    public Task<MemorySearchResponse> SearchAsync(MemorySearchRequest request, CancellationToken ct = default) =>
        _search.SendAsync<MemorySearchResponse>(HttpMethod.Post, "/v1/memory/search", request, ct);
}
