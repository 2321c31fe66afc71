using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Client;

/// <summary>The platform for an agent: one typed part per concern, each call cancellable, lists as
/// <see cref="IAsyncEnumerable{T}"/> over the API's pages, errors as <see cref="AgentPlatformException"/>s.
/// Register it with <c>services.AddAgentPlatformClient(…)</c> or <c>builder.AddAgentPlatformClient("agentplatform")</c>.</summary>
public sealed class AgentPlatformClient
{
    /// <summary>The ActivitySource of the client's spans.</summary>
    public const string ActivitySourceName = "AgentPlatform.Client";

    /// <summary>Names of the HttpClients the client uses, one per service, for adding handlers or settings to them.</summary>
    public const string IngestionHttpClient = "agentplatform-ingestion";
    public const string SearchHttpClient = "agentplatform-search";
    public const string AnalyticsHttpClient = "agentplatform-analytics";

    private readonly IHttpClientFactory _factory;

    public AgentPlatformClient(IHttpClientFactory factory)
    {
        _factory = factory;
        var ingestion = new PlatformHttp(factory, IngestionHttpClient);
        var search = new PlatformHttp(factory, SearchHttpClient);
        Knowledge = new KnowledgeClient(ingestion);
        Sessions = new SessionsClient(ingestion);
        Conversations = new ConversationsClient(ingestion, search);
        AgentState = new AgentStateClient(ingestion);
        Ingestion = new IngestionClient(ingestion);
        Search = new SearchClient(search);
        Memory = new MemoryClient(search);
        Analytics = new AnalyticsClient(new PlatformHttp(factory, AnalyticsHttpClient));
    }

    public KnowledgeClient Knowledge { get; }
    public SessionsClient Sessions { get; }
    public ConversationsClient Conversations { get; }
    public MemoryClient Memory { get; }
    public AgentStateClient AgentState { get; }
    public SearchClient Search { get; }
    public AnalyticsClient Analytics { get; }
    public IngestionClient Ingestion { get; }

    /// <summary>Each service's /health, asked in parallel; a service that does not answer is reported unhealthy.</summary>
    public async Task<IReadOnlyList<ServiceHealth>> CheckHealthAsync(CancellationToken ct = default) =>
        await Task.WhenAll(
            HealthOfAsync("ingestion-api", IngestionHttpClient, ct),
            HealthOfAsync("search-api", SearchHttpClient, ct),
            HealthOfAsync("analytics-api", AnalyticsHttpClient, ct));

    private async Task<ServiceHealth> HealthOfAsync(string service, string clientName, CancellationToken ct)
    {
        try
        {
            using var response = await _factory.CreateClient(clientName).GetAsync("/health", ct);
            var status = response.Content.Headers.ContentType?.MediaType == "application/json"
                && (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).TryGetProperty("status", out var s)
                ? s.GetString() ?? response.StatusCode.ToString()
                : response.StatusCode.ToString();
            return new ServiceHealth(service, response.IsSuccessStatusCode, status);
        }
        catch (HttpRequestException failed)
        {
            return new ServiceHealth(service, false, failed.Message);
        }
    }
}
