using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Configuration;
using AgentPlatform.Storage.Documents.Mongo;
using AgentPlatform.Storage.Documents.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents;

public static class DocumentsRegistration
{
    /// <summary>Registers IConversationStore, IAgentStateStore and IKnowledgeDocumentStore for the backend
    /// (SQLite file for local, MongoDB for containers) and the initializer that creates their schema or indexes.
    /// On containers the IMongoClient already registered for the documents health check is reused.</summary>
    public static void AddDocumentAdapters(this IHostApplicationBuilder builder, StorageSettings settings)
    {
        var connectionString = settings.Require(StoreNames.Documents);
        var services = builder.Services;
        switch (settings.Backend)
        {
            case StorageBackend.Local:
                services.AddSingleton(new SqliteDocumentDatabase(connectionString));
                services.AddSingleton<IConversationStore, SqliteConversationStore>();
                services.AddSingleton<IAgentStateStore, SqliteAgentStateStore>();
                services.AddSingleton<IKnowledgeDocumentStore, SqliteKnowledgeDocumentStore>();
                services.AddSingleton<IStoreInitializer, SqliteDocumentStoreInitializer>();
                break;
            case StorageBackend.Containers:
                services.TryAddSingleton<IMongoClient>(_ => MongoDocumentDatabase.CreateClient(connectionString));
                services.AddSingleton(sp => new MongoDocumentDatabase(
                    sp.GetRequiredService<IMongoClient>(), MongoDocumentDatabase.DatabaseNameOf(connectionString)));
                services.AddSingleton<IConversationStore, MongoConversationStore>();
                services.AddSingleton<IAgentStateStore, MongoAgentStateStore>();
                services.AddSingleton<IKnowledgeDocumentStore, MongoKnowledgeDocumentStore>();
                services.AddSingleton<IStoreInitializer, MongoDocumentStoreInitializer>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Backend, "Unknown storage backend.");
        }
    }
}
