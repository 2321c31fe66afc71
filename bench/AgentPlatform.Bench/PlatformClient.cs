using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Knowledge;

namespace AgentPlatform.Bench;

internal sealed record BatchItemResult(int Index, string Outcome, Guid? Id, IDictionary<string, string[]>? Errors);
internal sealed record BatchResponse(int Created, int Duplicates, int Invalid, IReadOnlyList<BatchItemResult> Items);
/// <summary>GET /v1/worker/status as an operator sees it: Process holds this worker's figures over all tenants.</summary>
internal sealed record WorkerStatus(WorkerProcessFigures? Process);
internal sealed record WorkerProcessFigures(long EntriesIndexed, long ChunksIndexed, long Failures);
internal sealed record KnowledgeEntrySummary(Guid Id, string? Source, string Status, string? Error);
internal sealed record SearchHit(Guid EntryId, double Score);
internal sealed record SearchResponse(IReadOnlyList<SearchHit> Hits, IReadOnlyList<string> Warnings, double TookMs);

/// <summary>One request's answer: the status, the body on success, the ETag, and the ProblemDetails title and detail
/// on failure (the start of the body when it is not ProblemDetails).</summary>
internal sealed record ApiResult<T>(int Status, T? Body, string? ETag, string? ProblemTitle, string? ProblemDetail)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

internal sealed record ProblemDetailsBody(string? Title, string? Detail);

/// <summary>The platform's HTTP API as the benchmark uses it, authenticated with the stack's API key.</summary>
internal sealed class PlatformClient(Uri address, string apiKey) : IDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly HttpClient _http = CreateHttpClient(address, apiKey);

    public async Task<BatchResponse> AddBatchAsync(IReadOnlyList<KnowledgeInput> entries, CancellationToken ct) =>
        await SendAsync<BatchResponse>(HttpMethod.Post, "v1/knowledge/batch", new { entries }, ct);

    public async Task<IngestionStatus> GetIngestionStatusAsync(CancellationToken ct) =>
        await SendAsync<IngestionStatus>(HttpMethod.Get, "v1/ingestion/status", body: null, ct);

    /// <summary>The worker's process-wide figures, asked for with the operator key.</summary>
    public async Task<WorkerProcessFigures> GetWorkerStatusAsync(string operatorKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/worker/status");
        request.Headers.Add("X-Operator-Key", operatorKey);
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var status = await response.Content.ReadFromJsonAsync<WorkerStatus>(cancellationToken: ct);
        return status?.Process ?? throw new InvalidOperationException("The worker status has no process figures: the operator key was not accepted.");
    }

    public async Task<KnowledgeEntrySummary> GetKnowledgeAsync(Guid id, CancellationToken ct) =>
        await SendAsync<KnowledgeEntrySummary>(HttpMethod.Get, $"v1/knowledge/{id}", body: null, ct);

    public async Task<SearchResponse> SearchAsync(string query, string mode, int limit, CancellationToken ct) =>
        await SendAsync<SearchResponse>(HttpMethod.Post, "v1/search", new { query, mode, limit }, ct);

    public async Task<SessionResponse> CreateSessionAsync(CreateSessionRequest request, CancellationToken ct) =>
        await SendAsync<SessionResponse>(HttpMethod.Post, "v1/sessions", request, ct);

    /// <summary>The stored messages in the order they were sent.</summary>
    public async Task<IReadOnlyList<MessageResponse>> AppendMessagesAsync(Guid sessionId, MessageBatchRequest request, CancellationToken ct) =>
        await SendAsync<List<MessageResponse>>(HttpMethod.Post, $"v1/sessions/{sessionId}/messages/batch", request, ct);

    public async Task<MemorySearchResponse> SearchMemoryAsync(MemorySearchRequest request, CancellationToken ct) =>
        await SendAsync<MemorySearchResponse>(HttpMethod.Post, "v1/memory/search", request, ct);

    public async Task<ConversationSearchResponse> SearchConversationsAsync(ConversationSearchRequest request, CancellationToken ct) =>
        await SendAsync<ConversationSearchResponse>(HttpMethod.Post, "v1/conversations/search", request, ct);

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

    /// <summary>Sends one request (with <paramref name="ifMatch"/> as the If-Match header when given) and returns its
    /// answer whatever the status; only a transport failure or an unreadable success body throws.</summary>
    public async Task<ApiResult<T>> ExchangeAsync<T>(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: ResultFiles.Json) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using HttpResponseMessage response = await _http.SendAsync(request, ct);
        string? etag = response.Headers.ETag?.Tag;
        if (response.IsSuccessStatusCode)
            return new ApiResult<T>((int)response.StatusCode, await response.Content.ReadFromJsonAsync<T>(ResultFiles.Json, ct), etag, null, null);
        string text = await response.Content.ReadAsStringAsync(ct);
        ProblemDetailsBody? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize<ProblemDetailsBody>(text, ResultFiles.Json);
        }
        catch (JsonException)
        {
            // Not ProblemDetails (e.g. an empty body): the raw text stands in for the title below.
        }
        return new ApiResult<T>((int)response.StatusCode, default, etag, problem?.Title ?? text[..Math.Min(200, text.Length)], problem?.Detail);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        ApiResult<T> result = await ExchangeAsync<T>(method, path, body, ifMatch: null, ct);
        if (!result.IsSuccess)
            throw new HttpRequestException($"{method} {path} answered {result.Status}: {result.ProblemTitle} {result.ProblemDetail}", null, (HttpStatusCode)result.Status);
        return result.Body ?? throw new InvalidDataException($"{method} {path} answered with an empty body.");
    }
}
