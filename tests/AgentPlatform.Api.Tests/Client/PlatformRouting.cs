using AgentPlatform.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Client;

/// <summary>Sends the client's three HttpClients to in-process services instead of the network.</summary>
public static class PlatformRouting
{
    public static readonly Uri Ingestion = new("http://ingestion-api.test");
    public static readonly Uri Search = new("http://search-api.test");
    public static readonly Uri Analytics = new("http://analytics-api.test");

    public static void Endpoints(AgentPlatformClientSettings settings)
    {
        settings.IngestionEndpoint = Ingestion;
        settings.SearchEndpoint = Search;
        settings.AnalyticsEndpoint = Analytics;
    }

    public static void RouteTo<TIngestion, TSearch, TAnalytics>(this IServiceCollection services,
        WebApplicationFactory<TIngestion> ingestion, WebApplicationFactory<TSearch> search, WebApplicationFactory<TAnalytics> analytics)
        where TIngestion : class where TSearch : class where TAnalytics : class
    {
        services.AddHttpClient(AgentPlatformClient.IngestionHttpClient).ConfigurePrimaryHttpMessageHandler(() => ingestion.Server.CreateHandler());
        services.AddHttpClient(AgentPlatformClient.SearchHttpClient).ConfigurePrimaryHttpMessageHandler(() => search.Server.CreateHandler());
        services.AddHttpClient(AgentPlatformClient.AnalyticsHttpClient).ConfigurePrimaryHttpMessageHandler(() => analytics.Server.CreateHandler());
    }
}
