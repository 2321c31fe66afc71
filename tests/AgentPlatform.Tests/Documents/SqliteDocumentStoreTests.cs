using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Sqlite;
using Microsoft.Data.Sqlite;
using static AgentPlatform.Tests.Documents.DocumentTestData;

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
        await new SqliteDocumentStoreInitializer(database).InitializeAsync(Ct);
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

public sealed class SqliteConversationStoreTests : ConversationStoreConformance, IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();
    protected override async Task<IConversationStore> CreateStoreAsync() => new SqliteConversationStore(await _database.InitializedAsync());
    protected override IConversationStore CreateUnreachableStore() => new SqliteConversationStore(_database.Unreachable());
    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

public sealed class SqliteAgentStateStoreTests : AgentStateStoreConformance, IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();
    protected override async Task<IAgentStateStore> CreateStoreAsync() => new SqliteAgentStateStore(await _database.InitializedAsync());
    protected override IAgentStateStore CreateUnreachableStore() => new SqliteAgentStateStore(_database.Unreachable());
    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

public sealed class SqliteKnowledgeDocumentStoreTests : KnowledgeDocumentStoreConformance, IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();
    protected override async Task<IKnowledgeDocumentStore> CreateStoreAsync() => new SqliteKnowledgeDocumentStore(await _database.InitializedAsync());
    protected override IKnowledgeDocumentStore CreateUnreachableStore() => new SqliteKnowledgeDocumentStore(_database.Unreachable());
    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
