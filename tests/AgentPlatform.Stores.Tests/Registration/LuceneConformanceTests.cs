using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Registration;

public sealed class LuceneConformanceTests : StoreRegistrationConformance<LuceneFullTextSettings>, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "agentplatform-lucene-conformance-" + Guid.NewGuid().ToString("N"));

    protected override string SectionName => LuceneFullTextSettings.SectionName;
    protected override string ConnectionString => _directory;
    protected override string ActivitySourceName => LuceneFullTextIndex.Activities.Name;
    protected override HealthStatus ExpectedHealth => HealthStatus.Healthy;

    protected override void Register(IHostApplicationBuilder builder, string connectionName, Action<LuceneFullTextSettings>? configure) =>
        builder.AddLuceneFullTextIndex(connectionName, configure);

    protected override async Task ExerciseAsync(IServiceProvider services, CancellationToken ct)
    {
        var result = await services.GetRequiredService<IFullTextIndex>().SearchAsync(FullTextIndexName.Knowledge,
            new FullTextQuery("tenant-a", "anything", new SearchFilter(), Offset: 0, Limit: 10, Highlight: false), ct);
        Assert.Empty(result.Hits);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
