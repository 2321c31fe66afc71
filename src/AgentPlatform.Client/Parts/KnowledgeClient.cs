using System.Net;
using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Knowledge entries on Ingestion.Api: stored at once, indexed for search by the worker shortly after.</summary>
public sealed class KnowledgeClient
{
    private readonly PlatformHttp _http;

    internal KnowledgeClient(PlatformHttp http) => _http = http;

    /// <summary>Stores an entry; Created is false when the tenant already had the same title and content (the
    /// existing entry is returned).</summary>
    public async Task<KnowledgeAddResult> AddAsync(KnowledgeInput entry, CancellationToken ct = default)
    {
        var (body, status) = await _http.SendForStatusAsync<KnowledgeResponse>(HttpMethod.Post, "/v1/knowledge", entry, ct);
        return new KnowledgeAddResult(body, status == HttpStatusCode.Accepted);
    }

    /// <summary>Up to 1,000 entries; per item created, duplicate or invalid (with its errors), in request order.</summary>
    public Task<KnowledgeBatchResponse> AddBatchAsync(IReadOnlyList<KnowledgeInput> entries, CancellationToken ct = default) =>
        _http.SendAsync<KnowledgeBatchResponse>(HttpMethod.Post, "/v1/knowledge/batch", new KnowledgeBatchRequest(entries), ct);

    public Task<KnowledgeResponse> GetAsync(Guid id, CancellationToken ct = default) =>
        _http.SendAsync<KnowledgeResponse>(HttpMethod.Get, $"/v1/knowledge/{id}", null, ct);

    /// <summary>Every entry newest first (without content), optionally of one status and of one agent.</summary>
    public IAsyncEnumerable<KnowledgeSummary> ListAsync(KnowledgeStatus? status = null, string? agentId = null, int pageSize = Paging.DefaultPageSize, CancellationToken ct = default) =>
        Paging.AllAsync((offset, token) => _http.SendAsync<Page<KnowledgeSummary>>(HttpMethod.Get,
            "/v1/knowledge" + Paging.Query(("status", status), ("agentId", agentId), ("offset", offset), ("limit", pageSize)), null, token), ct);

    /// <summary>New content, new version, indexed again. With expectedVersion the update applies only to that
    /// version (If-Match); a stale one throws <see cref="AgentPlatformConflictException"/> (412).</summary>
    public Task<KnowledgeResponse> UpdateAsync(Guid id, KnowledgeInput entry, int? expectedVersion = null, CancellationToken ct = default) =>
        _http.SendAsync<KnowledgeResponse>(HttpMethod.Put, $"/v1/knowledge/{id}", entry, ct, expectedVersion);

    /// <summary>Removes the entry from every projection, then from the record.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = await _http.SendRawAsync(HttpMethod.Delete, $"/v1/knowledge/{id}", null, ct);
    }

    /// <summary>Reads the entry until it is no longer Pending (Indexed or Failed), at most until the token cancels.</summary>
    public async Task<KnowledgeResponse> WaitUntilIndexedAsync(Guid id, TimeSpan pollInterval, CancellationToken ct = default)
    {
        while (true)
        {
            var entry = await GetAsync(id, ct);
            if (!string.Equals(entry.Status, nameof(KnowledgeStatus.Pending), StringComparison.OrdinalIgnoreCase))
                return entry;
            await Task.Delay(pollInterval, ct);
        }
    }
}
