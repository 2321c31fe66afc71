using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Relational.Sqlite;
using AgentPlatform.Tests.Hosts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Analytics;

public sealed class SqliteAnalyticsStoreTests(SqliteDatabase database) : AnalyticsStoreConformance, IClassFixture<SqliteDatabase>
{
    protected override IServiceProvider Services => database.Services;

    [Fact]
    public async Task A_path_that_cannot_be_opened_raises_store_unavailable()
    {
        var missing = Path.Combine(Path.GetTempPath(), "agentplatform-missing-" + Guid.NewGuid().ToString("N"), "sub", "x.db");
        using var host = RelationalDatabase.BuildHost(SqliteDatabase.Target($"Data Source={missing}"));
        var query = new AnalyticsQuery("tenant-a", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => host.Services.GetRequiredService<IAnalyticsStore>().SummarizeAsync(query, TestContext.Current.CancellationToken));

        Assert.Equal(StoreNames.Relational, error.Store);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public void The_timing_query_is_tenant_and_agent_scoped_and_reads_only_indexed_columns()
    {
        using var db = new SqliteAgentDbContextDesignFactory().CreateDbContext([]);
        db.CurrentTenantId = "tenant-a";

        var sql = AnalyticsQueries.Timings(db, new AnalyticsQuery("tenant-a", "planner", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7))).ToQueryString();

        Assert.Matches("""WHERE "a"\."TenantId" = @\w+ AND "a"\."AgentId" = @\w+ AND "a"\."AgentId" COLLATE BINARY = @\w+ AND "a"\."CreatedAt" >= @\w+ AND "a"\."CreatedAt" < @\w+""", sql);
        Assert.Matches("""^SELECT "a"\."ProcessingTimeMs", "a"\."CreatedAt", "a"\."Success"\s+FROM "AgentInteractions" AS "a"\s""", sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("ORDER BY", sql);
    }
}
