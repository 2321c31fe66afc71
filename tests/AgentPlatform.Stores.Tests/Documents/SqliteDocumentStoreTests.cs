using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Sqlite;
using AgentPlatform.Tests.Hosts;
using Microsoft.Data.Sqlite;
using static AgentPlatform.Tests.Documents.DocumentTestData;

namespace AgentPlatform.Tests.Documents;

public sealed class SqliteConversationStoreTests(SqliteDocumentsFixture documents) : ConversationStoreConformance, IClassFixture<SqliteDocumentsFixture>
{
    protected override IServiceProvider Services => documents.Services;
    protected override IServiceProvider UnreachableServices => documents.UnreachableServices;
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
