using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AgentPlatform.Storage.Relational.Sqlite;

/// <summary>The local backend's relational store: one SQLite file shared by several processes.
/// Migrations: Relational/Migrations/Sqlite.</summary>
public sealed class SqliteAgentDbContext(DbContextOptions<SqliteAgentDbContext> options) : AgentDbContext(options)
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(SqliteBusyTimeout.Instance);

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

/// <summary>Makes a connection wait (up to 5 s) for another process's write lock instead of failing at once.
/// busy_timeout is per connection, so it is set on every open.</summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();
    private const string Pragma = "PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>For `dotnet ef migrations add ... --context SqliteAgentDbContext`; never opens the file.</summary>
public sealed class SqliteAgentDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteAgentDbContext>
{
    public SqliteAgentDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAgentDbContext>();
        SqliteAgentDbContext.Configure(options, "Data Source=design-time.db");
        return new SqliteAgentDbContext(options.Options);
    }
}
