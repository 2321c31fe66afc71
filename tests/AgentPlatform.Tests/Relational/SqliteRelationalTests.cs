using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Relational.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Relational;

public sealed class SqliteAgentMemoryStoreTests(SqliteDatabase database) : AgentMemoryStoreConformance, IClassFixture<SqliteDatabase>
{
    protected override IAgentMemoryStore Store => database.Memory;
}

public sealed class SqliteKnowledgeStoreTests(SqliteDatabase database) : KnowledgeStoreConformance, IClassFixture<SqliteDatabase>
{
    protected override IKnowledgeStore Store => database.Knowledge;
    protected override IKnowledgeOutbox Outbox => database.Outbox;
}

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
        using var host = RelationalDatabase.BuildHost(SqliteDatabase.Settings($"Data Source={Path.Combine(missingDirectory, "x.db")}"));

        var read = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => host.Services.GetRequiredService<IAgentMemoryStore>().GetSessionAsync("tenant-a", Guid.NewGuid(), Ct));
        var migrate = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => host.Services.GetServices<IStoreInitializer>().Single().InitializeAsync(Ct));

        Assert.Equal(StoreNames.Relational, read.Store);
        Assert.IsType<SqliteException>(read.InnerException);
        Assert.Equal(StoreNames.Relational, migrate.Store);
        Assert.False(Directory.Exists(missingDirectory));
    }

    private static async Task<object?> PragmaAsync(DbContext db, string pragma)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return await command.ExecuteScalarAsync(Ct);
    }
}
