using AgentPlatform.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage.Documents.Sqlite;

public static class SqliteDocumentsRegistration
{
    /// <summary>Registers the conversation ports (one adapter behind all of them), IAgentStateStore and IKnowledgeDocumentStore on one SQLite file, the
    /// initializer that creates its schema, a SELECT 1 health check named <paramref name="connectionName"/> and the
    /// adapters' spans.</summary>
    public static void AddSqliteDocumentStore(this IHostApplicationBuilder builder, string connectionName, Action<SqliteDocumentStoreSettings>? configure = null)
    {
        var settings = builder.ReadSettings(SqliteDocumentStoreSettings.SectionName, connectionName, configure);
        var connectionString = settings.ConnectionString!;
        var services = builder.Services;
        services.AddSingleton(new SqliteDocumentDatabase(connectionString));
        services.AddConversationStore<SqliteConversationStore>();
        services.AddSingleton<IAgentStateStore, SqliteAgentStateStore>();
        services.AddSingleton<IKnowledgeDocumentStore, SqliteKnowledgeDocumentStore>();
        services.AddSingleton<IStoreInitializer, SqliteDocumentStoreInitializer>();
        builder.TryAddHealthCheck(settings, connectionName, _ => new SqliteHealthCheck(connectionString));
        builder.AddTracing(settings, tracing => tracing.AddSource(SqliteDocumentDatabase.Activities.Name));
    }
}
