using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Documents.Mongo;
using AgentPlatform.Storage.Documents.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace AgentPlatform.Tests.Registration;

public sealed class DocumentsRegistrationTests
{
    private static ServiceProvider Build(string backend, string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["AgentPlatform:Backend"] = backend;
        builder.Configuration[$"ConnectionStrings:{StoreNames.Documents}"] = connectionString;
        // The backend chooses the integration: SQLite for local, MongoDB for containers.
        builder.AddDocumentStore(StoreNames.Documents);
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void LocalBackendUsesSqliteAdapters()
    {
        using var services = Build("local", "Data Source=/tmp/never-opened/documents.db");

        AssertOneAdapterBehindEveryConversationPort<SqliteConversationStore>(services);
        Assert.IsType<SqliteAgentStateStore>(services.GetRequiredService<IAgentStateStore>());
        Assert.IsType<SqliteKnowledgeDocumentStore>(services.GetRequiredService<IKnowledgeDocumentStore>());
        var initializer = Assert.IsType<SqliteDocumentStoreInitializer>(Assert.Single(services.GetServices<IStoreInitializer>()));
        Assert.Equal(StoreNames.Documents, initializer.Store);
        Assert.Equal("Data Source=/tmp/never-opened/documents.db", services.GetRequiredService<SqliteDocumentDatabase>().ConnectionString);
    }

    [Fact]
    public void ContainersBackendUsesMongoAdaptersOnTheSharedClient()
    {
        using var services = Build("containers", "mongodb://u:p@127.0.0.1:1/tenantdata?authSource=admin");

        AssertOneAdapterBehindEveryConversationPort<MongoConversationStore>(services);
        Assert.IsType<MongoAgentStateStore>(services.GetRequiredService<IAgentStateStore>());
        Assert.IsType<MongoKnowledgeDocumentStore>(services.GetRequiredService<IKnowledgeDocumentStore>());
        Assert.IsType<MongoDocumentStoreInitializer>(Assert.Single(services.GetServices<IStoreInitializer>()));
        var database = services.GetRequiredService<MongoDocumentDatabase>().Database;
        Assert.Equal("tenantdata", database.DatabaseNamespace.DatabaseName);
        // One client: the adapters and the health check share it.
        Assert.Single(services.GetServices<IMongoClient>());
        Assert.Same(services.GetRequiredService<IMongoClient>(), database.Client);
    }

    /// <summary>The integration registers its conversation adapter once: every conversation port is that one instance.</summary>
    private static void AssertOneAdapterBehindEveryConversationPort<TAdapter>(IServiceProvider services) where TAdapter : class
    {
        var adapter = Assert.IsType<TAdapter>(services.GetRequiredService<IConversationHistory>());
        Assert.All(
            new object[]
            {
                services.GetRequiredService<IConversationWriter>(), services.GetRequiredService<IMessageOutbox>(),
                services.GetRequiredService<IMessageReindexQueue>(), services.GetRequiredService<IMessageIndexingStatus>(),
                services.GetRequiredService<IConversationActivity>(),
            },
            port => Assert.Same(adapter, port));
    }
}
