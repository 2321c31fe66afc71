using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Mongo;
using AgentPlatform.Tests.Hosts;
using AgentPlatform.Tests.Support;
using MongoDB.Driver;

namespace AgentPlatform.Tests.Documents;

/// <summary>A uniquely named database on the server in AGENTPLATFORM_TEST_MONGO, indexed once and dropped
/// afterwards. Without the variable it connects to nothing and the live tests skip.</summary>
public sealed class MongoTestDatabase : IAsyncLifetime
{
    private readonly MongoClient? _client = LiveStore.ConnectionString(LiveStore.MongoVariable) is { } url
        ? MongoDocumentDatabase.CreateClient(url)
        : null;
    private readonly string _name = "agentplatform_test_" + Guid.NewGuid().ToString("N");
    private MongoDocumentDatabase? _database;

    /// <summary>The live database; skips the calling test when no server is configured.</summary>
    public MongoDocumentDatabase Live
    {
        get
        {
            LiveStore.Require(LiveStore.MongoVariable);
            return _database!;
        }
    }

    /// <summary>A database behind a closed port: server selection gives up quickly. One client for all tests.</summary>
    public static MongoDocumentDatabase Unreachable { get; } =
        new(MongoDocumentDatabase.CreateClient("mongodb://127.0.0.1:1/unreachable?serverSelectionTimeoutMS=300&connectTimeoutMS=300"), "unreachable");

    public async ValueTask InitializeAsync()
    {
        if (_client is null)
            return;
        _database = new MongoDocumentDatabase(_client, _name);
        await new MongoDocumentStoreInitializer(_database).InitializeAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is null)
            return;
        await _client.DropDatabaseAsync(_name);
        _client.Dispose();
    }
}

public sealed class MongoConversationStoreTests(MongoDocumentsFixture mongo) : ConversationStoreConformance, IClassFixture<MongoDocumentsFixture>
{
    protected override IServiceProvider Services => mongo.Services;
    protected override IServiceProvider UnreachableServices => MongoDocumentsFixture.UnreachableServices;
}

public sealed class MongoAgentStateStoreTests(MongoTestDatabase mongo) : AgentStateStoreConformance, IClassFixture<MongoTestDatabase>
{
    protected override Task<IAgentStateStore> CreateStoreAsync() => Task.FromResult<IAgentStateStore>(new MongoAgentStateStore(mongo.Live));
    protected override IAgentStateStore CreateUnreachableStore() => new MongoAgentStateStore(MongoTestDatabase.Unreachable);
}

public sealed class MongoKnowledgeDocumentStoreTests(MongoTestDatabase mongo) : KnowledgeDocumentStoreConformance, IClassFixture<MongoTestDatabase>
{
    protected override Task<IKnowledgeDocumentStore> CreateStoreAsync() => Task.FromResult<IKnowledgeDocumentStore>(new MongoKnowledgeDocumentStore(mongo.Live));
    protected override IKnowledgeDocumentStore CreateUnreachableStore() => new MongoKnowledgeDocumentStore(MongoTestDatabase.Unreachable);
}
