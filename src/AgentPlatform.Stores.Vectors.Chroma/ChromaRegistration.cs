using AgentPlatform.Ports;
using AgentPlatform.Storage.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage.Vectors.Chroma;

public static class ChromaRegistration
{
    /// <summary>Chroma serves the vector index on both backends (container or npm executable): a typed ChromaClient,
    /// IVectorCollections (every model's collections and the tenants' model states), IVectorIndex (knowledge) and the
    /// keyed memory index of the configured model (<see cref="ChromaVectorSettings.EmbeddingModel"/>), an initializer that creates the Chroma tenant and
    /// database, a heartbeat health check named <paramref name="connectionName"/> and the index's spans.</summary>
    public static void AddChromaVectorIndex(this IHostApplicationBuilder builder, string connectionName, Action<ChromaVectorSettings>? configure = null)
    {
        var settings = builder.ReadSettings(ChromaVectorSettings.SectionName, connectionName, configure);
        var endpoint = settings.Endpoint();
        RequireAtLeastOne(settings.MaxConcurrentQueries, nameof(ChromaVectorSettings.MaxConcurrentQueries));
        RequireAtLeastOne(settings.SearchEf, nameof(ChromaVectorSettings.SearchEf));
        var options = new ChromaVectorIndexOptions
        {
            Tenant = settings.Tenant, Database = settings.Database, MaxConcurrentQueries = settings.MaxConcurrentQueries, SearchEf = settings.SearchEf,
        };
        if (settings.EmbeddingModel is { } embeddingModel)
            options = options with { EmbeddingModel = embeddingModel };
        // The index is a singleton holding its client, so connections are recycled by the handler
        // (PooledConnectionLifetime) instead of by the factory's handler rotation.
        builder.Services.AddHttpClient<ChromaClient>(http => http.BaseAddress = endpoint)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ConfiguredVectorSpace(options.EmbeddingModel));
        builder.Services.AddSingleton<IVectorCollections, ChromaVectorCollections>();
        // The configured model's collections: what the worker writes new vectors to; searches pick their tenant's
        // active model through IVectorCollections.
        builder.Services.AddSingleton(services => services.GetRequiredService<IVectorCollections>().Knowledge(options.EmbeddingModel));
        builder.Services.AddKeyedSingleton(VectorIndexKeys.Memory, (services, _) => services.GetRequiredService<IVectorCollections>().Memory(options.EmbeddingModel));
        builder.Services.AddSingleton<IStoreInitializer, ChromaStoreInitializer>();
        builder.TryAddHealthCheck(settings, connectionName, sp => new HttpStoreHealthCheck(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ChromaClient)), endpoint.ToString(), "/api/v2/heartbeat", "Chroma"));
        builder.AddTracing(settings, tracing => tracing.AddSource(ChromaVectorIndex.Activities.Name));
    }

    private static void RequireAtLeastOne(int value, string key)
    {
        if (value < 1)
            throw new InvalidOperationException($"{ChromaVectorSettings.SectionName}:{key} must be at least 1, not {value}.");
    }
}
