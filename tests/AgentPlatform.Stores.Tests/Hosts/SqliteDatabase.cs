using AgentPlatform.Domain;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Tests.Hosts;

/// <summary>A SQLite file in a temporary directory of its own, deleted afterwards.</summary>
public sealed class SqliteDatabase : RelationalDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agentplatform-relational-").FullName;

    public string ConnectionString => $"Data Source={Path.Combine(_directory, "relational.db")}";

    public static RelationalTarget Target(string connectionString) => new(StorageBackend.Local, connectionString);

    protected override RelationalTarget CreateTarget() => Target(ConnectionString);

    protected override Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
