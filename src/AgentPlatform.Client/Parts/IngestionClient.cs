using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Indexing progress of the tenant's knowledge, and rebuilding its projections.</summary>
public sealed class IngestionClient
{
    private readonly PlatformHttp _http;

    internal IngestionClient(PlatformHttp http) => _http = http;

    public Task<IngestionStatus> StatusAsync(CancellationToken ct = default) =>
        _http.SendAsync<IngestionStatus>(HttpMethod.Get, "/v1/ingestion/status", null, ct);

    public Task<ReindexResponse> ReindexAsync(ReindexTarget target, CancellationToken ct = default) =>
        _http.SendAsync<ReindexResponse>(HttpMethod.Post, "/v1/admin/reindex" + Paging.Query(("target", target)), null, ct);
}
