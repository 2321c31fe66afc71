using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational.SqlServer;

/// <summary>The containers backend's relational store. Migrations: Relational/Migrations/SqlServer.</summary>
public sealed class SqlServerAgentDbContext(DbContextOptions<SqlServerAgentDbContext> options) : AgentDbContext(options)
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString, int? commandTimeoutSeconds = null) =>
        options.UseSqlServer(connectionString, sqlServer => sqlServer.CommandTimeout(commandTimeoutSeconds));

    internal override string OrdinalCollation => "Latin1_General_100_BIN2";

    internal override async Task<List<OutboxRow>> ClaimOutboxAsync(string tenantId, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        (await ClaimOutboxQuery(tenantId, max, now, leaseUntil).ToListAsync(ct)).OrderBy(m => m.Id).ToList();

    /// <summary>One statement selects and leases the due rows; UPDLOCK+READPAST make concurrent workers skip
    /// each other's rows instead of waiting for them or claiming them twice.</summary>
    internal IQueryable<OutboxRow> ClaimOutboxQuery(string tenantId, int max, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        Outbox.FromSql($"""
            WITH [due] AS (
                SELECT TOP ({max}) * FROM [Outbox] WITH (ROWLOCK, UPDLOCK, READPAST)
                WHERE [TenantId] = {tenantId} AND [NextAttemptAt] <= {now}
                ORDER BY [Id])
            UPDATE [due] SET [NextAttemptAt] = {leaseUntil}
            OUTPUT INSERTED.*
            """).IgnoreQueryFilters().AsNoTracking();
}
