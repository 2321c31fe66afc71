using AgentPlatform.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents.Mongo;

public static class MongoDocumentsRegistration
{
    /// <summary>The driver's own spans, one per command on the wire, beneath the adapters' operation spans.</summary>
    public const string DriverActivitySource = "MongoDB.Driver";

    /// <summary>Registers the conversation ports (one adapter behind all of them), IAgentStateStore and IKnowledgeDocumentStore on one MongoDB database, the
    /// initializer that creates their indexes, a ping health check named <paramref name="connectionName"/> on the same
    /// client as the adapters, and the adapters' spans.</summary>
    public static void AddMongoDocumentStore(this IHostApplicationBuilder builder, string connectionName, Action<MongoDocumentStoreSettings>? configure = null)
    {
        var settings = builder.ReadSettings(MongoDocumentStoreSettings.SectionName, connectionName, configure);
        var connectionString = settings.ConnectionString!;
        var services = builder.Services;
        services.TryAddSingleton<IMongoClient>(_ => MongoDocumentDatabase.CreateClient(connectionString, settings.ServerSelectionTimeout));
        services.AddSingleton(sp => new MongoDocumentDatabase(
            sp.GetRequiredService<IMongoClient>(), MongoDocumentDatabase.DatabaseNameOf(connectionString)));
        services.AddConversationStore<MongoConversationStore>();
        services.AddSingleton<IAgentStateStore, MongoAgentStateStore>();
        services.AddSingleton<IKnowledgeDocumentStore, MongoKnowledgeDocumentStore>();
        services.AddSingleton<IStoreInitializer, MongoDocumentStoreInitializer>();
        builder.TryAddHealthCheck(settings, connectionName, sp => new MongoHealthCheck(sp.GetRequiredService<IMongoClient>()));
        builder.AddTracing(settings, tracing => tracing.AddSource(MongoDocumentDatabase.Activities.Name, DriverActivitySource));
    }
}
