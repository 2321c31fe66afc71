using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Mongo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Registration;

/// <summary>MongoDB cannot run here: the integration is exercised against a closed port, where the adapters still
/// open their spans and the health check reports the store down.</summary>
public sealed class MongoDocumentStoreConformanceTests : StoreRegistrationConformance<MongoDocumentStoreSettings>
{
    protected override StorageBackend Backend => StorageBackend.Containers;
    protected override string SectionName => MongoDocumentStoreSettings.SectionName;
    protected override string ConnectionString => "mongodb://127.0.0.1:1/conformance?serverSelectionTimeoutMS=300&connectTimeoutMS=300";
    protected override string ActivitySourceName => MongoDocumentDatabase.Activities.Name;
    protected override HealthStatus ExpectedHealth => HealthStatus.Unhealthy;

    protected override void Register(IHostApplicationBuilder builder, string connectionName, Action<MongoDocumentStoreSettings>? configure) =>
        builder.AddMongoDocumentStore(connectionName, configure);

    protected override async Task ExerciseAsync(IServiceProvider services, CancellationToken ct)
    {
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            services.GetRequiredService<IAgentStateStore>().GetAsync("tenant-a", "agent", "state", ct));
        Assert.Equal(StoreNames.Documents, error.Store);
    }

    [Fact]
    public void ServerSelectionTimeout_from_the_section_reaches_the_client_the_adapters_share()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = "mongodb://127.0.0.1:1/conformance";
        builder.Configuration[$"{SectionName}:ServerSelectionTimeout"] = "00:00:02";
        builder.AddMongoDocumentStore(ConnectionName);
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<MongoDB.Driver.IMongoClient>();

        Assert.Equal(TimeSpan.FromSeconds(2), client.Settings.ServerSelectionTimeout);
        Assert.Same(client, host.Services.GetRequiredService<MongoDocumentDatabase>().Database.Client);
    }
}
