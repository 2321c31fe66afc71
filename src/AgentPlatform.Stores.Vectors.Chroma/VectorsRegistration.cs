using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Configuration;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage.Vectors;

public static class VectorsRegistration
{
    /// <summary>Configuration keys for the Chroma tenant and database that hold the collections (both backends).</summary>
    public const string TenantKey = "AgentPlatform:Chroma:Tenant";
    public const string DatabaseKey = "AgentPlatform:Chroma:Database";

    /// <summary>Chroma serves the vector index on both backends (container or npm executable): a typed ChromaClient,
    /// IVectorIndex and an initializer that creates the Chroma tenant and database.</summary>
    public static void AddVectorAdapters(this IHostApplicationBuilder builder, StorageSettings settings)
    {
        var endpoint = StorageSettings.ParseEndpoint(settings.Require(StoreNames.Vectors));
        var options = new ChromaVectorIndexOptions
        {
            Tenant = builder.Configuration[TenantKey] ?? ChromaVectorIndexOptions.DefaultName,
            Database = builder.Configuration[DatabaseKey] ?? ChromaVectorIndexOptions.DefaultName,
        };
        // The index is a singleton holding its client, so connections are recycled by the handler
        // (PooledConnectionLifetime) instead of by the factory's handler rotation.
        builder.Services.AddHttpClient<ChromaClient>(http => http.BaseAddress = endpoint)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IVectorIndex, ChromaVectorIndex>();
        builder.Services.AddKeyedSingleton<IVectorIndex>(VectorIndexKeys.Memory, (services, _) =>
            new ChromaVectorIndex(services.GetRequiredService<ChromaClient>(), options with { CollectionPrefix = ChromaVectorIndexOptions.MemoryPrefix }));
        builder.Services.AddSingleton<IStoreInitializer, ChromaStoreInitializer>();
    }
}
