using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>Runs SELECT 1 against SQLite (opening creates a missing file; the migration step fills it).</summary>
public sealed class SqliteHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            await using var connection = new SqliteConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"SQLite {builder.DataSource}");
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "SQLite is not reachable: " + ex.Message, ex);
        }
    }
}
