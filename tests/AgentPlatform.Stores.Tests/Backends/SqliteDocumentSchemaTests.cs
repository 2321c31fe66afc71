using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Storage.Documents.Sqlite;
using AgentPlatform.Tests.Documents;
using Microsoft.Data.Sqlite;
using static AgentPlatform.Tests.Hosts.DocumentTestData;

namespace AgentPlatform.Tests.Backends;

public sealed class SqliteDocumentSchemaTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<List<string>> QueryAsync(string sql, int column = 0)
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
            rows.Add(Convert.ToString(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    [Fact]
    public async Task InitializingTwiceOrConcurrentlyLeavesOneSchemaInWalMode()
    {
        var database = await _database.InitializedAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new SqliteDocumentStoreInitializer(database).InitializeAsync(Ct)));

        Assert.Equal([SqliteDocumentStoreInitializer.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)], await QueryAsync("SELECT version FROM schema_version"));
        Assert.Equal(["wal"], await QueryAsync("PRAGMA journal_mode"));
        Assert.Equal(
            ["agent_state_history", "agent_states", "conversations", "knowledge_documents", "knowledge_documents_fts", "schema_version"],
            await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
    }

    [Fact]
    public async Task AVersionOneFileGainsTheIndexingColumnsAndKeepsItsMessagesToIndex()
    {
        // A documents file as version 1 left it, holding a message stored before conversations were indexed.
        await QueryAsync(SqliteDocumentStoreInitializer.Schema + "INSERT INTO schema_version (version, applied_at) VALUES (1, 0);");
        var sessionId = Guid.NewGuid();
        var stored = new ConversationMessage
        {
            Id = Guid.NewGuid(), TenantId = "acme", SessionId = sessionId, AgentId = "support", UserId = "user-7",
            Role = MessageRole.User, Content = "stored by version 1", CreatedAt = BaseTime,
        };
        await QueryAsync($"""
            INSERT INTO conversations (tenant_id, id, session_id, agent_id, user_id, role, content, created_at)
            VALUES ('acme', '{stored.Id}', '{sessionId}', 'support', 'user-7', 'user', 'stored by version 1', {BaseTime.UtcTicks})
            """);
        Assert.DoesNotContain("indexed_at", await QueryAsync("SELECT name FROM pragma_table_info('conversations')"));

        var database = await _database.InitializedAsync();
        await new SqliteDocumentStoreInitializer(database).InitializeAsync(Ct);

        Assert.Equal(["1", "4"], await QueryAsync("SELECT version FROM schema_version ORDER BY version"));
        var columns = await QueryAsync("SELECT name FROM pragma_table_info('conversations')");
        Assert.Contains("indexed_at", columns);
        Assert.Contains("lease_until", columns);
        // Version 4: the knowledge outbox's semantics (attempts, error kept, given up).
        Assert.Superset(new HashSet<string> { "index_attempts", "index_error", "index_failed_at" }, columns.ToHashSet());
        // Version 3: knowledge documents name the agent their entry belongs to.
        Assert.Contains("agent_id", await QueryAsync("SELECT name FROM pragma_table_info('knowledge_documents')"));
        Assert.Equal(["ix_conversations_unindexed"], await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ix_conversations_unindexed'"));
        var claimed = await new SqliteConversationStore(database).ClaimUnindexedAsync(10, TimeSpan.FromMinutes(1), BaseTime, Ct);
        Assert.Equal(stored, Assert.Single(claimed));
    }

    [Fact]
    public async Task ClaimingReadsThePartialIndexOfUnindexedMessages()
    {
        await _database.InitializedAsync();

        // EXPLAIN QUERY PLAN rows: id, parent, notused, detail.
        var plan = await QueryAsync("EXPLAIN QUERY PLAN " + SqliteConversationStore.ClaimableRows.Replace("$now", "0").Replace("$max", "10"), column: 3);

        Assert.Contains(plan, step => step.Contains("ix_conversations_unindexed"));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE"));
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
