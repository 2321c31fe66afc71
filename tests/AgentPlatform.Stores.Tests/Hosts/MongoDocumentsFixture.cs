using AgentPlatform.Domain;
using AgentPlatform.Storage.Documents.Mongo;
using AgentPlatform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace AgentPlatform.Tests.Hosts;

/// <summary>A uniquely named database on the server in AGENTPLATFORM_TEST_MONGO, registered through
/// AddMongoDocumentStore, indexed once and dropped afterwards. Without the variable it connects to nothing and the
/// live tests skip.</summary>
public sealed class MongoDocumentsFixture : IAsyncLifetime
{
    private readonly string _name = "agentplatform_test_" + Guid.NewGuid().ToString("N");
    private readonly IHost? _host;

    public MongoDocumentsFixture()
    {
        if (LiveStore.ConnectionString(LiveStore.MongoVariable) is { } url)
            _host = Build(new MongoUrlBuilder(url) { DatabaseName = _name }.ToString());
    }

    /// <summary>The live database's services; skips the calling test when no server is configured.</summary>
    public IServiceProvider Services
    {
        get
        {
            LiveStore.Require(LiveStore.MongoVariable);
            return _host!.Services;
        }
    }

    /// <summary>The integration behind a closed port: server selection gives up quickly. One host for all tests.</summary>
    public static IServiceProvider UnreachableServices { get; } =
        Build("mongodb://127.0.0.1:1/unreachable?serverSelectionTimeoutMS=300&connectTimeoutMS=300").Services;

    private static IHost Build(string connectionString) =>
        StoreHost.Build(StorageBackend.Containers, StoreNames.Documents, connectionString, builder => builder.AddMongoDocumentStore(StoreNames.Documents));

    public async ValueTask InitializeAsync()
    {
        if (_host is not null)
            await _host.InitializeStoresAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is null)
            return;
        await _host.Services.GetRequiredService<IMongoClient>().DropDatabaseAsync(_name);
        _host.Dispose();
    }
}
