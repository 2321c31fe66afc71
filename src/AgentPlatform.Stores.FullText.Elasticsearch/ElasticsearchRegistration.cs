using AgentPlatform.Ports;
using AgentPlatform.Storage.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage.FullText.Elasticsearch;

public static class ElasticsearchRegistration
{
    /// <summary>The client's own spans (one per HTTP request, with the endpoint it called).</summary>
    public const string TransportActivitySource = "Elastic.Transport";

    private const string HealthHttpClient = "elasticsearch";

    /// <summary>Registers IFullTextIndex on Elasticsearch, the initializer that puts its index templates and indices, a
    /// health check named <paramref name="connectionName"/> (GET / answers 2xx) and the client's spans.</summary>
    public static void AddElasticsearchFullTextIndex(this IHostApplicationBuilder builder, string connectionName, Action<ElasticsearchFullTextSettings>? configure = null)
    {
        var settings = builder.ReadSettings(ElasticsearchFullTextSettings.SectionName, connectionName, configure);
        var url = settings.ConnectionString!;
        builder.Services.AddSingleton<IFullTextIndex>(_ => new ElasticsearchFullTextIndex(ElasticsearchFullTextIndex.CreateClient(url, settings.RequestTimeout)));
        builder.Services.AddSingleton<IStoreInitializer, FullTextStoreInitializer>();
        builder.Services.AddHttpClient(HealthHttpClient);
        builder.TryAddHealthCheck(settings, connectionName,
            sp => new HttpStoreHealthCheck(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HealthHttpClient), url, "/", "Elasticsearch"));
        builder.AddTracing(settings, tracing => tracing.AddSource(TransportActivitySource));
    }
}
