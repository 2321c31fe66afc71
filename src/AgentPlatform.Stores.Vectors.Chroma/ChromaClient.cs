using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using AgentPlatform.Domain;
using Polly;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Typed client for the Chroma v2 HTTP API. The caller sets the HttpClient's base address to the server root.
/// Error answers raise <see cref="ChromaException"/>; failures to reach the server raise
/// <see cref="StoreUnavailableException"/> for <see cref="StoreNames.Vectors"/>.</summary>
public sealed class ChromaClient(HttpClient http)
{
    private const string Root = "api/v2";
    private static readonly ChromaJsonContext Json = ChromaJsonContext.Default;

    public Task<ChromaPreFlightChecks> GetPreFlightChecksAsync(CancellationToken ct) =>
        GetAsync($"{Root}/pre-flight-checks", Json.ChromaPreFlightChecks, ct);

    /// <summary>Creates the tenant unless it exists; safe when several processes race.</summary>
    public Task GetOrCreateTenantAsync(string tenant, CancellationToken ct) =>
        GetOrCreateAsync($"{Root}/tenants/{Segment(tenant)}", $"{Root}/tenants", new ChromaNamePayload(tenant), ct);

    /// <summary>Creates the database (in an existing tenant) unless it exists; safe when several processes race.</summary>
    public Task GetOrCreateDatabaseAsync(ChromaDatabase database, CancellationToken ct) =>
        GetOrCreateAsync(DatabasePath(database), $"{Root}/tenants/{Segment(database.Tenant)}/databases", new ChromaNamePayload(database.Name), ct);

    /// <summary>Returns the named collection, creating it with the given distance function if it does not exist.
    /// An existing collection keeps its own configuration; check <see cref="ChromaCollection.Configuration"/>.</summary>
    public Task<ChromaCollection> GetOrCreateCollectionAsync(ChromaDatabase database, string name, ChromaSpace space, CancellationToken ct) =>
        GetOrCreateCollectionAsync(database, name, space, metadata: null, ct);

    /// <summary>Metadata is stored only when the collection is created; an existing collection keeps its own.</summary>
    public Task<ChromaCollection> GetOrCreateCollectionAsync(ChromaDatabase database, string name, ChromaSpace space, JsonObject? metadata, CancellationToken ct) =>
        GetOrCreateCollectionAsync(database, name, new ChromaHnswConfiguration { Space = space }, metadata, ct);

    /// <summary>The HNSW configuration and metadata are stored only when the collection is created; an existing
    /// collection keeps its own (<see cref="ModifyConfigurationAsync"/> changes what may change).</summary>
    public Task<ChromaCollection> GetOrCreateCollectionAsync(ChromaDatabase database, string name, ChromaHnswConfiguration hnsw, JsonObject? metadata, CancellationToken ct) =>
        PostAsync($"{DatabasePath(database)}/collections",
            new ChromaCreateCollectionPayload(name, new ChromaCollectionConfiguration { Hnsw = hnsw }, GetOrCreate: true, metadata),
            Json.ChromaCreateCollectionPayload, Json.ChromaCollection, ct);

    /// <summary>Changes the modifiable HNSW settings of a collection (ef_search; the space is fixed at creation).</summary>
    public async Task ModifyConfigurationAsync(ChromaCollection collection, ChromaHnswConfiguration hnsw, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, CollectionPath(collection))
        {
            Content = JsonContent.Create(new ChromaModifyCollectionPayload(new ChromaCollectionConfiguration { Hnsw = hnsw }), Json.ChromaModifyCollectionPayload),
        };
        using var _ = await SendAsync(request, ct);
    }

    /// <summary>The named collection, or null when there is none.</summary>
    public async Task<ChromaCollection?> GetCollectionAsync(ChromaDatabase database, string name, CancellationToken ct)
    {
        try
        {
            return await GetAsync($"{DatabasePath(database)}/collections/{Segment(name)}", Json.ChromaCollection, ct);
        }
        catch (ChromaException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The names of every collection of the database, read in pages.</summary>
    public async Task<IReadOnlyList<string>> ListCollectionNamesAsync(ChromaDatabase database, CancellationToken ct)
    {
        const int pageSize = 1000;
        var names = new List<string>();
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await GetAsync($"{DatabasePath(database)}/collections?limit={pageSize}&offset={offset}", Json.IReadOnlyListChromaCollection, ct);
            names.AddRange(page.Select(c => c.Name));
            if (page.Count < pageSize)
                return names;
        }
    }

    public async Task DeleteCollectionAsync(ChromaDatabase database, string name, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{DatabasePath(database)}/collections/{Segment(name)}");
        using var _ = await SendAsync(request, ct);
    }

    /// <summary>Adds records; ids that already exist are left as they are.</summary>
    public Task AddAsync(ChromaCollection collection, ChromaRecords records, CancellationToken ct) =>
        PostAsync($"{CollectionPath(collection)}/add", records, Json.ChromaRecords, ct);

    /// <summary>Adds records or replaces those with the same ids.</summary>
    public Task UpsertAsync(ChromaCollection collection, ChromaRecords records, CancellationToken ct) =>
        PostAsync($"{CollectionPath(collection)}/upsert", records, Json.ChromaRecords, ct);

    public Task<ChromaGetResult> GetAsync(ChromaCollection collection, ChromaGetRequest request, CancellationToken ct) =>
        PostAsync($"{CollectionPath(collection)}/get", request, Json.ChromaGetRequest, Json.ChromaGetResult, ct);

    public Task DeleteAsync(ChromaCollection collection, ChromaDeleteRequest request, CancellationToken ct) =>
        PostAsync($"{CollectionPath(collection)}/delete", request, Json.ChromaDeleteRequest, ct);

    public Task<long> CountAsync(ChromaCollection collection, CancellationToken ct) =>
        GetAsync($"{CollectionPath(collection)}/count", Json.Int64, ct);

    public Task<ChromaQueryResult> QueryAsync(ChromaCollection collection, ChromaQueryRequest request, CancellationToken ct) =>
        PostAsync($"{CollectionPath(collection)}/query", request, Json.ChromaQueryRequest, Json.ChromaQueryResult, ct);

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static string DatabasePath(ChromaDatabase database) =>
        $"{Root}/tenants/{Segment(database.Tenant)}/databases/{Segment(database.Name)}";

    private static string CollectionPath(ChromaCollection collection) =>
        $"{DatabasePath(new ChromaDatabase(collection.Tenant, collection.Database))}/collections/{collection.Id}";

    private async Task GetOrCreateAsync(string getPath, string createPath, ChromaNamePayload payload, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, getPath);
            using var _ = await SendAsync(request, ct);
        }
        catch (ChromaException missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            try
            {
                await PostAsync(createPath, payload, Json.ChromaNamePayload, ct);
            }
            catch (ChromaException created) when (created.StatusCode == HttpStatusCode.Conflict)
            {
                // Another process created it between our GET and POST.
            }
        }
    }

    private async Task<TResponse> GetAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, ct);
        return await ReadAsync(response, responseType, ct);
    }

    private async Task PostAsync<TRequest>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, requestType) };
        using var _ = await SendAsync(request, ct);
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, requestType) };
        using var response = await SendAsync(request, ct);
        return await ReadAsync(response, responseType, ct);
    }

    /// <summary>Sends and returns a successful response with its body buffered (so reading it cannot hit the network).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception ex) when (IsTransportFailure(ex, ct))
        {
            throw new StoreUnavailableException(StoreNames.Vectors, $"{request.Method} {request.RequestUri} failed: {ex.Message}", ex);
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await ReadErrorAsync(response, ct);
    }

    /// <summary>Connection refused/reset, timeouts (HttpClient's or a resilience pipeline's), an open circuit breaker.
    /// A cancellation the caller asked for is not a store failure.</summary>
    private static bool IsTransportFailure(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException or ExecutionRejectedException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    private static async Task<ChromaException> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        ChromaErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, Json.ChromaErrorResponse);
        }
        catch (JsonException)
        {
            // Not Chroma's JSON error shape (e.g. a proxy's page): the raw text is the message.
        }
        return new ChromaException(response.StatusCode,
            error?.Error ?? response.ReasonPhrase ?? "Error",
            error?.Message ?? (text.Length > 0 ? text : "(no message)"));
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync(type, ct)
        ?? throw new ChromaException(response.StatusCode, "EmptyResponse", $"Chroma returned no {typeof(T).Name}.");
}
