using AgentPlatform.Domain;
using AgentPlatform.Storage.Configuration;
using AgentPlatform.Storage.FullText;
using AgentPlatform.Storage.Health;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Documents;
using AgentPlatform.Storage.Documents.Mongo;
using AgentPlatform.Storage.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace AgentPlatform.Storage;

/// <summary>Registers the adapters for the stores a process uses, chosen by AgentPlatform:Backend,
/// each with a health check named after the store and tagged "ready" (so it shows on /health).</summary>
public static class StorageRegistration
{
    public const string ReadyTag = "ready";
    public const string ChromaHttpClient = "chroma";
    public const string ElasticsearchHttpClient = "elasticsearch";

    public static StorageSettings AddAgentPlatformStores(this IHostApplicationBuilder builder, params string[] stores)
    {
        var settings = StorageSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<StoreInitializationState>();
        builder.Services.AddHostedService<StoreInitializationService>();
        var health = builder.Services.AddHealthChecks()
            .AddCheck<StoreInitializationHealthCheck>("initialization", tags: [ReadyTag]);
        foreach (var store in stores)
        {
            var connectionString = settings.Require(store);
            switch (store, settings.Backend)
            {
                case (StoreNames.Relational, StorageBackend.Local):
                case (StoreNames.Documents, StorageBackend.Local):
                    health.AddCheck(store, new SqliteHealthCheck(connectionString), tags: [ReadyTag]);
                    break;
                case (StoreNames.Relational, StorageBackend.Containers):
                    health.AddCheck(store, new SqlServerHealthCheck(connectionString), tags: [ReadyTag]);
                    break;
                case (StoreNames.Documents, StorageBackend.Containers):
                    builder.Services.AddSingleton<IMongoClient>(_ => MongoDocumentDatabase.CreateClient(connectionString));
                    health.Add(new HealthCheckRegistration(store, sp => new MongoHealthCheck(sp.GetRequiredService<IMongoClient>()), null, [ReadyTag]));
                    break;
                case (StoreNames.FullText, StorageBackend.Local):
                    Directory.CreateDirectory(connectionString);
                    health.AddCheck(store, new LuceneDirectoryHealthCheck(connectionString), tags: [ReadyTag]);
                    break;
                case (StoreNames.FullText, StorageBackend.Containers):
                    AddHttpStore(builder, health, store, ElasticsearchHttpClient, connectionString, "/", "Elasticsearch");
                    break;
                case (StoreNames.Vectors, _):
                    AddHttpStore(builder, health, store, ChromaHttpClient, StorageSettings.ParseEndpoint(connectionString).ToString(), "/api/v2/heartbeat", "Chroma");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(stores), store, $"Unknown store '{store}'.");
            }
            AddAdapters(builder, settings, store);
        }
        return settings;
    }

    private static void AddAdapters(IHostApplicationBuilder builder, StorageSettings settings, string store)
    {
        switch (store)
        {
            case StoreNames.Vectors:
                builder.AddVectorAdapters(settings);
                break;
            case StoreNames.Documents:
                builder.AddDocumentAdapters(settings);
                break;
            case StoreNames.Relational:
                builder.AddRelationalAdapters(settings);
                break;
            case StoreNames.FullText:
                builder.AddFullTextAdapters(settings);
                break;
        }
    }

    private static void AddHttpStore(IHostApplicationBuilder builder, IHealthChecksBuilder health, string store, string clientName, string url, string healthPath, string description)
    {
        builder.Services.AddHttpClient(clientName);
        health.Add(new HealthCheckRegistration(store,
            sp => new HttpStoreHealthCheck(sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName), url, healthPath, description),
            null, [ReadyTag], TimeSpan.FromSeconds(5)));
    }
}
