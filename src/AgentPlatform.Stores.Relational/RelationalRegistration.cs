using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Configuration;
using AgentPlatform.Storage.Relational.Sqlite;
using AgentPlatform.Storage.Relational.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage.Relational;

public static class RelationalRegistration
{
    /// <summary>Registers IAgentMemoryStore, IKnowledgeStore, IKnowledgeOutbox and IAnalyticsStore on pooled EF Core contexts
    /// (SQLite for the local backend, SQL Server for containers) and the migration step as an IStoreInitializer.</summary>
    public static void AddRelationalAdapters(this IHostApplicationBuilder builder, StorageSettings settings)
    {
        var connectionString = settings.Require(StoreNames.Relational);
        var services = builder.Services;
        switch (settings.Backend)
        {
            case StorageBackend.Local:
                AddContexts<SqliteAgentDbContext>(services, options => SqliteAgentDbContext.Configure(options, connectionString));
                break;
            case StorageBackend.Containers:
                AddContexts<SqlServerAgentDbContext>(services, options => SqlServerAgentDbContext.Configure(options, connectionString));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Backend, "Unknown storage backend.");
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAgentMemoryStore, RelationalAgentMemoryStore>();
        services.AddSingleton<IKnowledgeStore, RelationalKnowledgeStore>();
        services.AddSingleton<IKnowledgeOutbox, RelationalKnowledgeOutbox>();
        services.AddSingleton<IAnalyticsStore, RelationalAnalyticsStore>();
        services.AddSingleton<IStoreInitializer, RelationalStoreInitializer>();
    }

    private static void AddContexts<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : AgentDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddSingleton<RelationalContexts, RelationalContexts<TContext>>();
    }
}
