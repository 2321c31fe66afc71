using System.Net.Http.Json;
using AgentPlatform.Knowledge;

namespace AgentPlatform.Bench;

internal sealed record BatchItemResult(int Index, string Outcome, Guid? Id, IDictionary<string, string[]>? Errors);
internal sealed record BatchResponse(int Created, int Duplicates, int Invalid, IReadOnlyList<BatchItemResult> Items);
internal sealed record IngestionStatus(long Pending, long Indexed, long Failed, long Deleting, long Total);
internal sealed record WorkerStatus(long EntriesIndexed, long ChunksIndexed, long Failures);
internal sealed record KnowledgeEntrySummary(Guid Id, string? Source);
internal sealed record SearchHit(Guid EntryId, double Score);
internal sealed record SearchResponse(IReadOnlyList<SearchHit> Hits, IReadOnlyList<string> Warnings, double TookMs);

/// <summary>The platform's HTTP API as the benchmark uses it, authenticated with the stack's API key.</summary>
internal sealed class PlatformClient(Uri address, string apiKey) : IDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly HttpClient _http = CreateHttpClient(address, apiKey);

    public async Task<BatchResponse> AddBatchAsync(IReadOnlyList<KnowledgeInput> entries, CancellationToken ct) =>
        await SendAsync<BatchResponse>(HttpMethod.Post, "v1/knowledge/batch", new { entries }, ct);

    public async Task<IngestionStatus> GetIngestionStatusAsync(CancellationToken ct) =>
        await SendAsync<IngestionStatus>(HttpMethod.Get, "v1/ingestion/status", body: null, ct);

    public async Task<WorkerStatus> GetWorkerStatusAsync(CancellationToken ct) =>
        await SendAsync<WorkerStatus>(HttpMethod.Get, "v1/worker/status", body: null, ct);

    public async Task<KnowledgeEntrySummary> GetKnowledgeAsync(Guid id, CancellationToken ct) =>
        await SendAsync<KnowledgeEntrySummary>(HttpMethod.Get, $"v1/knowledge/{id}", body: null, ct);

    public async Task<SearchResponse> SearchAsync(string query, string mode, int limit, CancellationToken ct) =>
        await SendAsync<SearchResponse>(HttpMethod.Post, "v1/search", new { query, mode, limit }, ct);

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateHttpClient(Uri address, string apiKey)
    {
        // No connection limit: the latency benchmark's clients each keep their own connection.
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        return http;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: ResultFiles.Json) };
        using HttpResponseMessage response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            string text = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text[..Math.Min(500, text.Length)]}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<T>(ResultFiles.Json, ct)
            ?? throw new InvalidDataException($"{method} {path} answered with an empty body.");
    }
}
