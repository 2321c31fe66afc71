using AgentPlatform.Domain;
using AgentPlatform.Storage.Documents.Sqlite;
using Microsoft.Data.Sqlite;
using static AgentPlatform.Tests.Documents.DocumentTestData;

namespace AgentPlatform.Tests.Documents;

public sealed class SqliteDocumentSchemaTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    [Fact]
    public async Task InitializingTwiceOrConcurrentlyLeavesOneSchemaInWalMode()
    {
        var database = await _database.InitializedAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new SqliteDocumentStoreInitializer(database).InitializeAsync(Ct)));

        Assert.Equal(["1"], await QueryAsync("SELECT version FROM schema_version"));
        Assert.Equal(["wal"], await QueryAsync("PRAGMA journal_mode"));
        Assert.Equal(
            ["agent_state_history", "agent_states", "conversations", "knowledge_documents", "knowledge_documents_fts", "schema_version"],
            await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
    }

    [Fact]
    public async Task ANewerSchemaVersionIsRefused()
    {
        var database = await _database.InitializedAsync();
        await QueryAsync("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqliteDocumentStoreInitializer(database).InitializeAsync(Ct));
        Assert.Contains("99", refused.Message);
    }

    [Fact]
    public async Task InitializingAnUnreachableFileRaisesStoreUnavailable()
    {
        var failure = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => new SqliteDocumentStoreInitializer(_database.Unreachable()).InitializeAsync(Ct));
        Assert.Equal(StoreNames.Documents, failure.Store);
    }

    [Fact]
    public void UserTextBecomesQuotedFts5Terms()
    {
        Assert.Equal("\"title\" OR \"lynx\" OR \"NEAR\" OR \"a\" OR \"b\" OR \"Grüße\" OR \"数据\"",
            SqliteKnowledgeDocumentStore.MatchExpression("title:lynx NEAR(a \"b\") -Grüße 数据 🚀"));
        Assert.Null(SqliteKnowledgeDocumentStore.MatchExpression(" \"* ( ) 🚀 "));
    }
}
