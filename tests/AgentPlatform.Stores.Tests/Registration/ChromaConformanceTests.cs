using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Registration;

/// <summary>Against a closed port: the index still opens its span for the operation, and the heartbeat check reports
/// the store down (VectorsRegistrationTests run the registration against a real Chroma).</summary>
public sealed class ChromaConformanceTests : StoreRegistrationConformance<ChromaVectorSettings>
{
    protected override string SectionName => ChromaVectorSettings.SectionName;
    protected override string ConnectionString => "Endpoint=http://127.0.0.1:1";
    protected override string ActivitySourceName => ChromaVectorIndex.Activities.Name;
    protected override HealthStatus ExpectedHealth => HealthStatus.Unhealthy;

    protected override void Register(IHostApplicationBuilder builder, string connectionName, Action<ChromaVectorSettings>? configure) =>
        builder.AddChromaVectorIndex(connectionName, configure);

    protected override async Task ExerciseAsync(IServiceProvider services, CancellationToken ct)
    {
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => services.GetRequiredService<IVectorIndex>().CountAsync("tenant-a", ct));
        Assert.Equal(StoreNames.Vectors, error.Store);
    }

    [Fact]
    public void Tenant_and_database_come_from_the_section()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = ConnectionString;
        builder.Configuration[$"{SectionName}:Tenant"] = "t1";
        builder.Configuration[$"{SectionName}:Database"] = "d1";
        builder.AddChromaVectorIndex(ConnectionName);
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<ChromaVectorIndexOptions>();

        Assert.Equal(new ChromaDatabase("t1", "d1"), options.ChromaDatabase);
    }
}
