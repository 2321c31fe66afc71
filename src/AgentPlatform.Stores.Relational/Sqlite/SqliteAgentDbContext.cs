using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AgentPlatform.Storage.Relational.Sqlite;

/// <summary>The local backend's relational store: one SQLite file shared by several processes.
/// Migrations: Relational/Migrations/Sqlite.</summary>
public sealed class SqliteAgentDbContext(DbContextOptions<SqliteAgentDbContext> options) : AgentDbContext(options)
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString, int? commandTimeoutSeconds = null) =>
        options.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(commandTimeoutSeconds)).AddInterceptors(SqliteBusyTimeout.Instance);

    internal override string OrdinalCollation => "BINARY";

    /// <summary>WAL lets readers in other processes go on while one process writes; the mode is kept in the file.</summary>
    internal override async Task PrepareDatabaseAsync(CancellationToken ct) =>
        await Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);

    /// <summary>SQLite has no date type: timestamps are stored as UTC ticks so comparisons and ORDER BY
    /// run on integers in time order (the offset is normalized to UTC).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
