using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Relational.Sqlite;
using AgentPlatform.Storage.Relational.SqlServer;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace AgentPlatform.Storage.Relational;

public static class RelationalRegistration
{
    /// <summary>Registers IAgentMemoryStore, the knowledge ports (IKnowledgeEntries, IKnowledgeIndexingStatus, IKnowledgeReindexQueue: one
    /// adapter behind all three), IKnowledgeOutbox and IAnalyticsStore on pooled EF Core contexts
    /// (SQLite for the local backend, SQL Server for containers), the migration step as an IStoreInitializer, a
    /// SELECT 1 health check named <paramref name="connectionName"/> and tracing (SqlClient's spans on SQL Server, EF
    /// Core's on SQLite, which has no client instrumentation of its own).</summary>
    public static void AddRelationalStore(this IHostApplicationBuilder builder, string connectionName, Action<RelationalStoreSettings>? configure = null)
    {
        var settings = builder.ReadSettings(RelationalStoreSettings.SectionName, connectionName, configure);
        var connectionString = settings.ConnectionString!;
        var commandTimeout = (int?)settings.CommandTimeout?.TotalSeconds;
        var services = builder.Services;
        var backend = StoreIntegration.Backend(builder.Configuration);
        string description;
        switch (backend)
        {
            case StorageBackend.Local:
                AddContexts<SqliteAgentDbContext>(services, options => SqliteAgentDbContext.Configure(options, connectionString, commandTimeout));
                description = $"SQLite {new SqliteConnectionStringBuilder(connectionString).DataSource}";
                builder.AddTracing(settings, tracing => tracing.AddEntityFrameworkCoreInstrumentation());
                break;
            case StorageBackend.Containers:
                AddContexts<SqlServerAgentDbContext>(services, options => SqlServerAgentDbContext.Configure(options, connectionString, commandTimeout));
                description = "SQL Server";
                builder.AddTracing(settings, tracing => tracing.AddSqlClientInstrumentation());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(builder), backend, "Unknown storage backend.");
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAgentMemoryStore, RelationalAgentMemoryStore>();
        services.AddPort<IKnowledgeEntries, RelationalKnowledgeStore>()
            .AddPort<IKnowledgeIndexingStatus, RelationalKnowledgeStore>()
            .AddPort<IKnowledgeReindexQueue, RelationalKnowledgeStore>();
        services.AddSingleton<IKnowledgeOutbox, RelationalKnowledgeOutbox>();
        services.AddSingleton<IAnalyticsStore, RelationalAnalyticsStore>();
        services.AddSingleton<IStoreInitializer, RelationalStoreInitializer>();
        builder.TryAddHealthCheck(settings, connectionName, sp => new RelationalHealthCheck(sp.GetRequiredService<RelationalContexts>(), description));
    }

    private static void AddContexts<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : AgentDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddSingleton<RelationalContexts, RelationalContexts<TContext>>();
    }
}
