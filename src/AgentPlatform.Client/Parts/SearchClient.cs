using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Knowledge search (Search.Api): hybrid by default, semantic or full text; filters apply inside the engines.</summary>
public sealed class SearchClient
{
    private readonly PlatformHttp _http;

    internal SearchClient(PlatformHttp http) => _http = http;

    public Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct = default) =>
        _http.SendAsync<SearchResponse>(HttpMethod.Post, "/v1/search", request, ct);
}
