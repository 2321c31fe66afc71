using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Relational.Sqlite;
using AgentPlatform.Tests.Hosts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Backends;

/// <summary>What only the SQLite file needs: settings for several processes, and the error for an unusable path.</summary>
public sealed class SqliteRelationalStoreTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_file_is_in_wal_mode_and_connections_wait_for_locks()
    {
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<SqliteAgentDbContext>>().CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
        Assert.Equal(5000L, await PragmaAsync(db, "busy_timeout"));
    }

    [Fact]
    public async Task Migrating_again_is_a_no_op()
    {
        var initializer = database.Services.GetServices<IStoreInitializer>().Single();

        await initializer.InitializeAsync(Ct);

        Assert.Equal(StoreNames.Relational, initializer.Store);
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<SqliteAgentDbContext>>().CreateDbContextAsync(Ct);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task A_pooled_context_comes_back_without_a_tenant_and_sees_no_rows()
    {
        var session = new AgentSession { Id = Guid.NewGuid(), TenantId = "tenant-pool", AgentId = "agent", StartedAt = DateTimeOffset.UtcNow };
        await database.Memory.CreateSessionAsync(session, Ct);

        await using var db = await database.Services.GetRequiredService<IDbContextFactory<SqliteAgentDbContext>>().CreateDbContextAsync(Ct);

        Assert.Null(db.CurrentTenantId);
        Assert.False(await db.Sessions.AnyAsync(s => s.Id == session.Id, Ct));
        Assert.True(await db.Sessions.IgnoreQueryFilters().AnyAsync(s => s.Id == session.Id, Ct));
    }

    [Fact]
    public void The_outbox_due_query_spans_tenants_in_id_order()
    {
        using var db = new SqliteAgentDbContextDesignFactory().CreateDbContext([]);
        db.CurrentTenantId = "tenant-a";

        var sql = RelationalQueries.DueOutbox(db, DateTimeOffset.UnixEpoch).Take(10).ToQueryString();

        Assert.Contains("\"o\".\"NextAttemptAt\" <= @now", sql);
        Assert.Contains("ORDER BY \"o\".\"Id\"", sql);
        Assert.DoesNotContain("\"TenantId\" =", sql);
    }

    [Fact]
    public async Task A_path_that_cannot_be_opened_raises_store_unavailable()
    {
        var missingDirectory = Path.Combine(Path.GetTempPath(), "agentplatform-missing-" + Guid.NewGuid().ToString("N"), "sub");
        using var host = RelationalDatabase.BuildHost(SqliteDatabase.Target($"Data Source={Path.Combine(missingDirectory, "x.db")}"));

        var read = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => host.Services.GetRequiredService<IAgentMemoryStore>().GetSessionAsync("tenant-a", Guid.NewGuid(), Ct));
        var migrate = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => host.Services.GetServices<IStoreInitializer>().Single().InitializeAsync(Ct));

        Assert.Equal(StoreNames.Relational, read.Store);
        Assert.IsType<SqliteException>(read.InnerException);
        Assert.Equal(StoreNames.Relational, migrate.Store);
        Assert.False(Directory.Exists(missingDirectory));
    }

    [Fact]
    public async Task Interactions_stored_before_outcomes_existed_read_as_successful_after_the_migration()
    {
        var file = Path.Combine(Path.GetTempPath(), "agentplatform-outcome-" + Guid.NewGuid().ToString("N") + ".db");
        var options = new DbContextOptionsBuilder<SqliteAgentDbContext>();
        SqliteAgentDbContext.Configure(options, $"Data Source={file}");
        try
        {
            await using (var db = new SqliteAgentDbContext(options.Options))
            {
                var migrator = db.GetService<IMigrator>();
                await migrator.MigrateAsync("20261125160426_KnowledgeAgentAndIndexedAt", Ct);
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "AgentSessions" ("Id", "TenantId", "AgentId", "StartedAt", "Status") VALUES ('0b9f4c1e-7a2d-4e8f-9c3b-5d6e7f8a9b0c', 'tenant-old', 'bot', 0, 'Active');
                    INSERT INTO "AgentInteractions" ("Id", "TenantId", "SessionId", "AgentId", "Type", "Input", "ProcessingTimeMs", "CreatedAt")
                    VALUES ('6f1c2a9e-0b7d-4a53-9e21-7d3f5c8b1a40', 'tenant-old', '0b9f4c1e-7a2d-4e8f-9c3b-5d6e7f8a9b0c', 'bot', 'Query', 'before', 5, 0);
                    """, Ct);
                await migrator.MigrateAsync(cancellationToken: Ct);
            }
            await using var migrated = new SqliteAgentDbContext(options.Options);
            migrated.CurrentTenantId = "tenant-old";

            var row = await migrated.Interactions.SingleAsync(Ct);

            Assert.Equal(("before", true, (string?)null), (row.Input, row.Success, row.ErrorMessage));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static async Task<object?> PragmaAsync(DbContext db, string pragma)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return await command.ExecuteScalarAsync(Ct);
    }
}
