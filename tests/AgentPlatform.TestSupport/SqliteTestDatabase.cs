using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Sqlite;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Tests.Documents;

/// <summary>A documents database in a fresh temporary file, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "agentplatform-documents-" + Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase() => Directory.CreateDirectory(_directory);

    public string ConnectionString => $"Data Source={Path.Combine(_directory, "documents.db")}";

    public async Task<SqliteDocumentDatabase> InitializedAsync()
    {
        var database = new SqliteDocumentDatabase(ConnectionString);
        await new SqliteDocumentStoreInitializer(database).InitializeAsync(TestContext.Current.CancellationToken);
        return database;
    }

    /// <summary>A database file in a directory that does not exist: SQLite cannot open it.</summary>
    public SqliteDocumentDatabase Unreachable() =>
        new($"Data Source={Path.Combine(_directory, "missing-directory", "documents.db")}");

    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(connection);
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
