using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Relational.Sqlite;
using AgentPlatform.Storage.Relational.SqlServer;
using AgentPlatform.Tests.Hosts;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Backends;

/// <summary>The SQL the SQL Server adapter sends, rendered without a server: the migration script and the key queries.</summary>
public sealed class SqlServerRenderingTests
{
    private static SqlServerAgentDbContext Context(string? tenant)
    {
        var db = new SqlServerAgentDbContextDesignFactory().CreateDbContext([]);
        db.CurrentTenantId = tenant;
        return db;
    }

    [Fact]
    public void The_migration_script_creates_the_tables_and_indexes()
    {
        using var db = Context("tenant-a");

        var script = db.GetService<IMigrator>().GenerateScript();

        foreach (var table in new[] { "AgentSessions", "AgentInteractions", "KnowledgeEntries", "Outbox" })
            Assert.Contains($"CREATE TABLE [{table}] (", script);
        Assert.Contains("[TenantId] nvarchar(48) NOT NULL", script);
        Assert.Contains("[StartedAt] datetimeoffset NOT NULL", script);
        Assert.Contains("CREATE INDEX [IX_AgentInteractions_TenantId_AgentId_CreatedAt] ON [AgentInteractions] ([TenantId], [AgentId], [CreatedAt]);", script);
        Assert.Contains("CREATE INDEX [IX_AgentSessions_TenantId_AgentId_StartedAt] ON [AgentSessions] ([TenantId], [AgentId], [StartedAt]);", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_KnowledgeEntries_TenantId_ContentHash] ON [KnowledgeEntries] ([TenantId], [ContentHash]);", script);
        Assert.Contains("CREATE INDEX [IX_Outbox_NextAttemptAt] ON [Outbox] ([NextAttemptAt]);", script);
        Assert.Contains("ALTER TABLE [Outbox] ADD [TraceParent] nvarchar(55) NULL;", script);
        Assert.Contains("FOREIGN KEY ([TenantId], [SessionId]) REFERENCES [AgentSessions] ([TenantId], [Id]) ON DELETE CASCADE", script);
    }

    [Fact]
    public void Both_providers_migrations_match_the_model()
    {
        using var sqlServer = Context("tenant-a");
        using var sqlite = new SqliteAgentDbContextDesignFactory().CreateDbContext([]);

        Assert.False(sqlServer.Database.HasPendingModelChanges());
        Assert.False(sqlite.Database.HasPendingModelChanges());
    }

    [Fact]
    public void Listing_sessions_filters_by_tenant_and_agent_newest_first()
    {
        using var db = Context("tenant-a");

        var sql = RelationalQueries.SessionsNewestFirst(db, new SessionQuery("planner", DateTimeOffset.UnixEpoch)).Skip(10).Take(5).ToQueryString();

        Assert.Contains("DECLARE @ef_filter__CurrentTenantId nvarchar(48) = N'tenant-a';", sql);
        Assert.Matches(@"WHERE \[a\]\.\[TenantId\] = @ef_filter__CurrentTenantId AND \[a\]\.\[AgentId\] = @\w+ AND \[a\]\.\[StartedAt\] >= @\w+", sql);
        Assert.Contains("ORDER BY [a].[StartedAt] DESC, [a].[Id] DESC", sql);
        Assert.Contains("OFFSET @", sql);
    }

    [Fact]
    public void Listing_interactions_and_entries_filters_by_tenant_newest_first()
    {
        using var db = Context("tenant-b");

        var interactions = RelationalQueries.InteractionsNewestFirst(db, Guid.NewGuid(), success: null).ToQueryString();
        var failed = RelationalQueries.InteractionsNewestFirst(db, Guid.NewGuid(), success: false).ToQueryString();
        var entries = RelationalQueries.EntriesNewestFirst(db, KnowledgeStatus.Failed).ToQueryString();

        Assert.Matches(@"WHERE \[a\]\.\[TenantId\] = @\w+ AND \[a\]\.\[SessionId\] = @\w+", interactions);
        Assert.Contains("ORDER BY [a].[CreatedAt] DESC, [a].[Id] DESC", interactions);
        Assert.DoesNotContain("[a].[Success] =", interactions);
        Assert.Matches(@"WHERE \[a\]\.\[TenantId\] = @\w+ AND \[a\]\.\[SessionId\] = @\w+ AND \[a\]\.\[Success\] = @\w+", failed);
        Assert.Contains("bit = CAST(0 AS bit);", failed);
        Assert.Matches(@"WHERE \[k\]\.\[TenantId\] = @\w+ AND \[k\]\.\[Status\] = @\w+", entries);
        Assert.Contains("N'Failed'", entries);
        Assert.Contains("ORDER BY [k].[CreatedAt] DESC, [k].[Id] DESC", entries);
        Assert.All([interactions, entries], sql => Assert.Contains("N'tenant-b'", sql));
    }

    [Fact]
    public void The_outbox_claim_leases_the_oldest_due_rows_of_the_given_tenant_in_one_statement()
    {
        // The claiming context has no tenant of its own: the claim names the tenant whose share it takes.
        using var db = Context(null);

        var sql = db.ClaimOutboxQuery("tenant-b", 25, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5)).ToQueryString();

        Assert.Matches(@"SELECT TOP \(@\w+\) \* FROM \[Outbox\] WITH \(ROWLOCK, UPDLOCK, READPAST\)\s+WHERE \[TenantId\] = @\w+ AND \[NextAttemptAt\] <= @\w+\s+ORDER BY \[Id\]", sql);
        Assert.Matches(@"UPDATE \[due\] SET \[NextAttemptAt\] = @\w+\s+OUTPUT INSERTED\.\*", sql);
        Assert.Contains("N'tenant-b'", sql);
    }

    [Fact]
    public async Task An_unreachable_server_raises_store_unavailable()
    {
        var connectionString = "Server=tcp:127.0.0.1,1;Database=agentplatform;User Id=sa;Password=unused;Connect Timeout=2;TrustServerCertificate=true";
        using var host = RelationalDatabase.BuildHost(new RelationalTarget(StorageBackend.Containers, connectionString));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => host.Services.GetRequiredService<IKnowledgeEntries>()
            .GetAsync("tenant-a", Guid.NewGuid(), TestContext.Current.CancellationToken));

        Assert.Equal(StoreNames.Relational, error.Store);
        Assert.IsType<SqlException>(error.InnerException);
    }
}
