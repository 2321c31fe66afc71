using AgentPlatform.Domain;
using AgentPlatform.Storage.Configuration;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Tests.Relational;

/// <summary>A SQLite file in a temporary directory of its own, deleted afterwards.</summary>
public sealed class SqliteDatabase : RelationalDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agentplatform-relational-").FullName;

    public string ConnectionString => $"Data Source={Path.Combine(_directory, "relational.db")}";

    public static StorageSettings Settings(string connectionString) =>
        new(StorageBackend.Local, new Dictionary<string, string> { [StoreNames.Relational] = connectionString });

    protected override StorageSettings CreateSettings() => Settings(ConnectionString);

    protected override Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
