using AgentPlatform.Ports;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Relational.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Analytics;

/// <summary>The analytics SQL sent to SQL Server, rendered without a server.</summary>
public sealed class SqlServerAnalyticsRenderingTests
{
    [Fact]
    public void The_migrations_replace_the_agent_time_index_with_one_covering_the_analytics_columns()
    {
        using var db = Context();

        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: "20261125120428_Initial");

        Assert.Contains("DROP INDEX [IX_AgentInteractions_TenantId_AgentId_CreatedAt] ON [AgentInteractions];", script);
        Assert.Contains("CREATE INDEX [IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent] ON [AgentInteractions] ([TenantId], [AgentId], [CreatedAt], [Type], [ProcessingTimeMs], [Intent]);", script);
    }

    [Fact]
    public void The_outcome_migration_adds_success_true_for_existing_rows_and_covers_outcome_and_session()
    {
        using var db = Context();

        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: "20261125160448_KnowledgeAgentAndIndexedAt");

        Assert.Contains("ALTER TABLE [AgentInteractions] ADD [ErrorMessage] nvarchar(4000) NULL;", script);
        Assert.Contains("ALTER TABLE [AgentInteractions] ADD [Success] bit NOT NULL DEFAULT CAST(1 AS bit);", script);
        Assert.Contains("DROP INDEX [IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent] ON [AgentInteractions];", script);
        Assert.Contains("CREATE INDEX [IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent_Success_SessionId] ON [AgentInteractions] ([TenantId], [AgentId], [CreatedAt], [Type], [ProcessingTimeMs], [Intent], [Success], [SessionId]);", script);
    }

    [Fact]
    public void Sessions_with_interactions_are_counted_distinct_in_the_window()
    {
        using var db = Context();

        var sql = AnalyticsQueries.SessionsWithInteractions(db, AgentWindow).ToQueryString();

        Assert.Matches(@"SELECT DISTINCT \[a\]\.\[SessionId\]\s+FROM \[AgentInteractions\] AS \[a\]", sql);
        Assert.Matches(@"WHERE \[a\]\.\[TenantId\] = @ef_filter__CurrentTenantId AND \[a\]\.\[AgentId\] = @\w+ AND \[a\]\.\[AgentId\] COLLATE Latin1_General_100_BIN2 = @\w+ AND \[a\]\.\[CreatedAt\] >= @\w+ AND \[a\]\.\[CreatedAt\] < @\w+", sql);
    }

    private static readonly AnalyticsQuery AgentWindow = new("tenant-a", "planner", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7));

    private static SqlServerAgentDbContext Context()
    {
        var db = new SqlServerAgentDbContextDesignFactory().CreateDbContext([]);
        db.CurrentTenantId = "tenant-a";
        return db;
    }

    [Fact]
    public void The_timing_query_seeks_tenant_agent_and_window_and_matches_the_id_exactly()
    {
        using var db = Context();

        var sql = AnalyticsQueries.Timings(db, AgentWindow).ToQueryString();

        Assert.Contains("DECLARE @ef_filter__CurrentTenantId nvarchar(48) = N'tenant-a';", sql);
        Assert.Matches(@"SELECT \[a\]\.\[ProcessingTimeMs\], \[a\]\.\[CreatedAt\], \[a\]\.\[Success\]\s+FROM \[AgentInteractions\] AS \[a\]", sql);
        Assert.Matches(@"WHERE \[a\]\.\[TenantId\] = @ef_filter__CurrentTenantId AND \[a\]\.\[AgentId\] = @\w+ AND \[a\]\.\[AgentId\] COLLATE Latin1_General_100_BIN2 = @\w+ AND \[a\]\.\[CreatedAt\] >= @\w+ AND \[a\]\.\[CreatedAt\] < @\w+", sql);
        Assert.DoesNotContain("ORDER BY", sql);
    }

    [Fact]
    public void Counts_group_in_sql_under_the_ordinal_collation()
    {
        using var db = Context();
        var overview = AgentWindow with { AgentId = null };

        var byType = AnalyticsQueries.InteractionsByType(db, overview).ToQueryString();
        var intents = AnalyticsQueries.IntentCounts(db, overview).ToQueryString();
        var agents = AnalyticsQueries.AgentCounts(db, overview).ToQueryString();

        Assert.Contains("COUNT_BIG(*)", byType);
        Assert.Contains("GROUP BY [a].[Type]", byType);
        Assert.Matches(@"WHERE \[a\]\.\[TenantId\] = @ef_filter__CurrentTenantId AND \[a\]\.\[CreatedAt\] >= @\w+ AND \[a\]\.\[CreatedAt\] < @\w+ AND \[a\]\.\[Intent\] IS NOT NULL", intents);
        // The collated key is computed in a derived table and keeps its collation when grouped.
        Assert.Contains("SELECT [a].[Intent] COLLATE Latin1_General_100_BIN2 AS [Key]", intents);
        Assert.Contains("SELECT [a].[AgentId] COLLATE Latin1_General_100_BIN2 AS [Key]", agents);
        Assert.All([intents, agents], sql => Assert.Matches(@"SELECT \[a0\]\.\[Key\], COUNT_BIG\(\*\)[\s\S]+GROUP BY \[a0\]\.\[Key\]", sql));
        Assert.All([byType, intents, agents], sql => Assert.DoesNotContain("[AgentId] =", sql));
    }

    [Fact]
    public void Sessions_and_knowledge_counts_are_tenant_and_agent_scoped_window_queries()
    {
        using var db = Context();

        var sessions = AnalyticsQueries.SessionsStarted(db, AgentWindow).ToQueryString();
        var failed = AnalyticsQueries.KnowledgeFailed(db, AgentWindow).Select(e => e.Id).ToQueryString();
        var indexed = AnalyticsQueries.KnowledgeIndexed(db, AgentWindow).Select(e => e.Id).ToQueryString();

        Assert.Matches(@"SELECT \[a\]\.\[StartedAt\], \[a\]\.\[EndedAt\], \[a\]\.\[Status\]\s+FROM \[AgentSessions\] AS \[a\]", sessions);
        Assert.Matches(@"WHERE \[a\]\.\[TenantId\] = @ef_filter__CurrentTenantId AND \[a\]\.\[AgentId\] = @\w+ AND \[a\]\.\[AgentId\] COLLATE Latin1_General_100_BIN2 = @\w+ AND \[a\]\.\[StartedAt\] >= @\w+ AND \[a\]\.\[StartedAt\] < @\w+", sessions);
        // Knowledge figures of an agent report count that agent's entries, seeking the (TenantId, AgentId, CreatedAt) index.
        const string OfAgent = @"WHERE \[k\]\.\[TenantId\] = @ef_filter__CurrentTenantId AND \[k\]\.\[AgentId\] = @\w+ AND \[k\]\.\[AgentId\] COLLATE Latin1_General_100_BIN2 = @\w+";
        Assert.Matches(OfAgent + @" AND \[k\]\.\[Status\] = N'Failed' AND \[k\]\.\[UpdatedAt\] >= @\w+ AND \[k\]\.\[UpdatedAt\] < @\w+", failed);
        Assert.Matches(OfAgent + @" AND \[k\]\.\[IndexedAt\] >= @\w+ AND \[k\]\.\[IndexedAt\] < @\w+", indexed);
    }
}
