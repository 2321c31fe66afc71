using AgentPlatform.Domain;
using AgentPlatform.Storage.Documents.Mongo;
using AgentPlatform.Storage.Documents.Sqlite;
using AgentPlatform.Storage.FullText.Elasticsearch;
using AgentPlatform.Storage.FullText.Lucene;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage;

/// <summary>What a service's Program.cs calls around its store integrations: the initialization of every store it
/// registered, and the two store families whose integration <c>AgentPlatform:Backend</c> chooses.</summary>
public static class StoreHosting
{
    /// <summary>Runs every registered IStoreInitializer at start (retrying while a store comes up) and reports
    /// "initialization" on /health until all are done.</summary>
    public static IHostApplicationBuilder AddStoreInitialization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StoreInitializationState>();
        builder.Services.AddHostedService<StoreInitializationService>();
        builder.Services.AddHealthChecks().AddCheck<StoreInitializationHealthCheck>("initialization", tags: [StoreIntegration.ReadyTag]);
        return builder;
    }

    /// <summary>The document store: a SQLite file on the local backend, MongoDB on containers.</summary>
    public static IHostApplicationBuilder AddDocumentStore(this IHostApplicationBuilder builder, string connectionName) =>
        builder.ByBackend(local: b => b.AddSqliteDocumentStore(connectionName), containers: b => b.AddMongoDocumentStore(connectionName));

    /// <summary>The full-text index: a Lucene.NET directory on the local backend, Elasticsearch on containers.</summary>
    public static IHostApplicationBuilder AddFullTextStore(this IHostApplicationBuilder builder, string connectionName) =>
        builder.ByBackend(local: b => b.AddLuceneFullTextIndex(connectionName), containers: b => b.AddElasticsearchFullTextIndex(connectionName));

    private static IHostApplicationBuilder ByBackend(this IHostApplicationBuilder builder,
        Action<IHostApplicationBuilder> local, Action<IHostApplicationBuilder> containers)
    {
        (StoreIntegration.Backend(builder.Configuration) is StorageBackend.Local ? local : containers)(builder);
        return builder;
    }
}
