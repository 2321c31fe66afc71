using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Registration;

/// <summary>The relational integration on the local backend (SQLite: EF Core's spans); SQL Server's SqlClient spans
/// need a server.</summary>
public sealed class RelationalStoreConformanceTests : StoreRegistrationConformance<RelationalStoreSettings>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agentplatform-relational-conformance-").FullName;

    protected override string SectionName => RelationalStoreSettings.SectionName;
    protected override string ConnectionString => $"Data Source={Path.Combine(_directory, "relational.db")}";
    protected override string ActivitySourceName => "OpenTelemetry.Instrumentation.EntityFrameworkCore";
    protected override HealthStatus ExpectedHealth => HealthStatus.Healthy;

    protected override void Register(IHostApplicationBuilder builder, string connectionName, Action<RelationalStoreSettings>? configure) =>
        builder.AddRelationalStore(connectionName, configure);

    protected override Task ExerciseAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetServices<IStoreInitializer>().Single().InitializeAsync(ct);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
