using AgentPlatform.Storage;
using AgentPlatform.Storage.Documents.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Registration;

public sealed class SqliteDocumentStoreConformanceTests : StoreRegistrationConformance<SqliteDocumentStoreSettings>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agentplatform-documents-conformance-").FullName;

    protected override string SectionName => SqliteDocumentStoreSettings.SectionName;
    protected override string ConnectionString => $"Data Source={Path.Combine(_directory, "documents.db")}";
    protected override string ActivitySourceName => SqliteDocumentDatabase.Activities.Name;
    protected override HealthStatus ExpectedHealth => HealthStatus.Healthy;

    protected override void Register(IHostApplicationBuilder builder, string connectionName, Action<SqliteDocumentStoreSettings>? configure) =>
        builder.AddSqliteDocumentStore(connectionName, configure);

    protected override Task ExerciseAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetServices<IStoreInitializer>().Single().InitializeAsync(ct);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
