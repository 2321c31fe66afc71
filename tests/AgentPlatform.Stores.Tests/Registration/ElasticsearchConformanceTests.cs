using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Registration;

/// <summary>Elasticsearch cannot run here: the integration is exercised against a closed port, where the client still
/// traces its request and the health check reports the store down.</summary>
public sealed class ElasticsearchConformanceTests : StoreRegistrationConformance<ElasticsearchFullTextSettings>
{
    protected override StorageBackend Backend => StorageBackend.Containers;
    protected override string SectionName => ElasticsearchFullTextSettings.SectionName;
    protected override string ConnectionString => "http://elastic:pw@127.0.0.1:1";
    protected override string ActivitySourceName => ElasticsearchRegistration.TransportActivitySource;
    protected override HealthStatus ExpectedHealth => HealthStatus.Unhealthy;

    protected override void Register(IHostApplicationBuilder builder, string connectionName, Action<ElasticsearchFullTextSettings>? configure) =>
        builder.AddElasticsearchFullTextIndex(connectionName, configure);

    protected override async Task ExerciseAsync(IServiceProvider services, CancellationToken ct) =>
        await Assert.ThrowsAnyAsync<Exception>(() => services.GetRequiredService<IFullTextIndex>().SearchAsync(FullTextIndexName.Knowledge,
            new FullTextQuery("tenant-a", "anything", new SearchFilter(), Offset: 0, Limit: 10, Highlight: false), ct));
}
