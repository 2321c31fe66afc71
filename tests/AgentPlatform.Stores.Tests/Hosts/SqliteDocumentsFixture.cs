using AgentPlatform.Domain;
using AgentPlatform.Storage.Documents.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Hosts;

/// <summary>A documents database in a temporary file of its own, registered through AddSqliteDocumentStore and
/// initialized; the tests of one class share it, each in tenants of its own.</summary>
public sealed class SqliteDocumentsFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agentplatform-documents-").FullName;
    private IHost? _host;
    private IHost? _unreachable;

    public IServiceProvider Services => _host!.Services;

    /// <summary>The same integration over a file in a directory that does not exist: SQLite cannot open it.</summary>
    public IServiceProvider UnreachableServices => (_unreachable ??= Build(Path.Combine(_directory, "missing-directory", "documents.db"))).Services;

    private static IHost Build(string file) =>
        StoreHost.Build(StorageBackend.Local, StoreNames.Documents, $"Data Source={file}", builder => builder.AddSqliteDocumentStore(StoreNames.Documents));

    public async ValueTask InitializeAsync()
    {
        _host = Build(Path.Combine(_directory, "documents.db"));
        await _host.InitializeStoresAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _host?.Dispose();
        _unreachable?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
