using System.Runtime.CompilerServices;
using AgentPlatform.Domain;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>The local document store: one SQLite file shared by several processes (WAL mode, busy timeout).
/// Opens a pooled connection per operation and turns file-level failures into <see cref="StoreUnavailableException"/>.</summary>
public sealed class SqliteDocumentDatabase(string connectionString)
{
    /// <summary>How long a writer waits for another process's lock before SQLite reports SQLITE_BUSY.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    // SQLITE_BUSY, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB: the file cannot be used, whatever the statement.
    private static readonly HashSet<int> UnavailableErrorCodes = [5, 8, 10, 11, 13, 14, 15, 26];

    /// <summary>The integration's spans: one per operation, named for the adapter method that ran it.</summary>
    public static readonly StoreActivitySource Activities = new("AgentPlatform.Stores.Documents.Sqlite", "sqlite");

    public string ConnectionString { get; } = connectionString;

    /// <summary>Runs work on an open connection; store-level failures surface as StoreUnavailableException.</summary>
    internal async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        using var activity = Activities.StartActivity(operation);
        await using var connection = await OpenAsync(ct);
        try
        {
            return await work(connection);
        }
        catch (SqliteException ex) when (UnavailableErrorCodes.Contains(ex.SqliteErrorCode))
        {
            throw Unavailable(ex);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw Unavailable(ex);
        }
    }

    private StoreUnavailableException Unavailable(SqliteException ex) =>
        new(StoreNames.Documents, $"SQLite file '{new SqliteConnectionStringBuilder(ConnectionString).DataSource}': {ex.Message}", ex);
}
