using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using static AgentPlatform.Storage.FullText.FullTextSchema;

namespace AgentPlatform.Storage.FullText.Elasticsearch;

/// <summary>Containers full-text backend: the "knowledge" and "conversations" indices, shaped by index templates,
/// shared by all tenants and filtered by tenant in every request.</summary>
public sealed class ElasticsearchFullTextIndex(ElasticsearchClient client) : IFullTextIndex
{
    /// <summary>A client for a URL whose user info ("http://elastic:password@host:9200") becomes Basic credentials;
    /// null <paramref name="requestTimeout"/> keeps the client's default.</summary>
    public static ElasticsearchClient CreateClient(string url, TimeSpan? requestTimeout = null)
    {
        var uri = new Uri(url);
        var settings = new ElasticsearchClientSettings(new UriBuilder(uri) { UserName = "", Password = "" }.Uri);
        if (requestTimeout is { } timeout)
            settings.RequestTimeout(timeout);
        if (uri.UserInfo.Length > 0)
        {
            var separator = uri.UserInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            var password = separator < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            settings.Authentication(new BasicAuthentication(user, password));
        }
        return new ElasticsearchClient(settings);
    }

    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        foreach (var index in Enum.GetValues<FullTextIndexName>())
        {
            Check(await Call(() => client.Indices.PutIndexTemplateAsync(ElasticsearchRequests.IndexTemplate(index), ct)), "put index template");
            var created = await Call(() => client.Indices.CreateAsync(IndexName(index), ct));
            // Several processes initialize at once: an index another one created first is fine.
            if (created.ElasticsearchServerError?.Error?.Type != "resource_already_exists_exception")
                Check(created, "create index");
            Check(await Call(() => client.Indices.PutMappingAsync(ElasticsearchRequests.CurrentMapping(index), ct)), "put mapping");
        }
    }

    public async Task IndexAsync(FullTextIndexName index, IReadOnlyList<FullTextDocument> documents, CancellationToken ct)
    {
        Validate(documents);
        if (documents.Count == 0) return;
        CheckBulk(await Call(() => client.BulkAsync(ElasticsearchRequests.Index(index, documents), ct)), "index");
    }

    public async Task DeleteAsync(FullTextIndexName index, string tenantId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        if (ids.Count == 0) return;
        CheckBulk(await Call(() => client.BulkAsync(ElasticsearchRequests.Delete(index, tenantId, ids), ct)), "delete");
    }

    public async Task<FullTextResult> SearchAsync(FullTextIndexName index, FullTextQuery query, CancellationToken ct)
    {
        Validate(query);
        var response = Check(await Call(() => client.SearchAsync<FullTextDocument>(ElasticsearchRequests.Search(index, query), ct)), "search");
        var hits = response.Hits
            .Where(hit => hit.Source is not null)
            .Select(hit => new FullTextHit(hit.Source!, hit.Score ?? 0, Highlights(hit.Highlight)))
            .ToList();
        return new FullTextResult(hits, response.Total);
    }

    public async Task<FullTextAggregations> AggregateAsync(FullTextIndexName index, FullTextAggregationRequest request, CancellationToken ct)
    {
        Validate(request);
        var response = Check(await Call(() => client.SearchAsync<FullTextDocument>(ElasticsearchRequests.Aggregate(index, request), ct)), "aggregate");
        var aggregations = response.Aggregations;
        var histogram = aggregations?.GetDateHistogram(ElasticsearchRequests.HistogramAggregation)?.Buckets
            .Select(b => new DateBucket(b.Key.ToUniversalTime(), b.DocCount)).ToList();
        var terms = aggregations?.GetStringTerms(ElasticsearchRequests.TopTermsAggregation)?.Buckets
            .Select(b => new TermBucket(b.Key.ToString(), b.DocCount)).ToList();
        return new FullTextAggregations(
            response.Total,
            histogram ?? [],
            terms ?? []);
    }

    /// <summary>Fragments from the stemmed content field, else from the plain one (where fuzzy matches land).</summary>
    private static IReadOnlyList<string> Highlights(IReadOnlyDictionary<string, IReadOnlyCollection<string>>? highlight)
    {
        if (highlight is null) return [];
        foreach (var (_, field) in HighlightFields)
        {
            if (highlight.TryGetValue(field, out var fragments) && fragments.Count > 0) return [.. fragments];
        }
        return [];
    }

    /// <summary>Failures the client raises instead of returning: transport errors, and an answer from something that is
    /// not Elasticsearch (a proxy's error page, another service on the port).</summary>
    private static async Task<T> Call<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (Exception ex) when (ex is TransportException or UnsupportedProductException)
        {
            throw new StoreUnavailableException(StoreNames.FullText, $"Elasticsearch: {ex.Message}", ex);
        }
    }

    private static T Check<T>(T response, string operation) where T : ElasticsearchResponse
    {
        if (response.IsValidResponse) return response;
        var status = response.ApiCallDetails.HttpStatusCode;
        var reason = response.ElasticsearchServerError?.Error?.Reason ?? response.ApiCallDetails.OriginalException?.Message ?? "no response";
        var message = $"Elasticsearch {operation} failed ({(status is { } s ? s.ToString() : "no HTTP status")}): {reason}";
        // No answer, an overloaded or failing server, or rejected credentials: the store is unavailable. Anything else is a bad request.
        if (status is null or >= 500 or 401 or 403 or 429)
            throw new StoreUnavailableException(StoreNames.FullText, message, response.ApiCallDetails.OriginalException);
        throw new InvalidOperationException(message, response.ApiCallDetails.OriginalException);
    }

    private static void CheckBulk(BulkResponse response, string operation)
    {
        // A bulk answered 200 with failed items is not a valid response to the client; the items say what failed.
        if (!response.ApiCallDetails.HasSuccessfulStatusCode) Check(response, operation);
        // Deleting a document that is not there is not an error: the outcome (no such document) is what was asked for.
        var failed = response.ItemsWithErrors.Where(item => item.Status != 404).ToList();
        if (failed.Count == 0) return;
        var first = failed[0];
        var message = $"Elasticsearch {operation} failed for {failed.Count} document(s), first '{first.Id}' ({first.Status}): {first.Error?.Reason}";
        if (failed.Any(item => item.Status is >= 500 or 429))
            throw new StoreUnavailableException(StoreNames.FullText, message);
        throw new InvalidOperationException(message);
    }
}
