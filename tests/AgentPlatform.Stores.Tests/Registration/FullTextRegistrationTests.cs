using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.FullText.Elasticsearch;
using AgentPlatform.Storage.FullText.Lucene;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Registration;

public sealed class FullTextRegistrationTests
{
    [Fact]
    public async Task Local_backend_registers_one_lucene_index_and_an_initializer_that_creates_its_directories()
    {
        var root = Path.Combine(Path.GetTempPath(), "agentplatform-fulltext-registration-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var services = Build(StorageBackend.Local, root);

            var index = services.GetRequiredService<IFullTextIndex>();
            var initializer = Assert.Single(services.GetServices<IStoreInitializer>());
            await initializer.InitializeAsync(TestContext.Current.CancellationToken);

            Assert.IsType<LuceneFullTextIndex>(index);
            Assert.Same(index, services.GetRequiredService<IFullTextIndex>());
            Assert.Equal(StoreNames.FullText, initializer.Store);
            Assert.True(Directory.Exists(Path.Combine(root, "knowledge")));
            Assert.True(Directory.Exists(Path.Combine(root, "conversations")));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Containers_backend_registers_the_elasticsearch_index()
    {
        using var services = Build(StorageBackend.Containers, "http://elastic:pw@localhost:9200");

        Assert.IsType<ElasticsearchFullTextIndex>(services.GetRequiredService<IFullTextIndex>());
        Assert.Equal(StoreNames.FullText, Assert.Single(services.GetServices<IStoreInitializer>()).Store);
    }

    [Fact]
    public void A_missing_connection_string_is_reported_at_registration()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddFullTextStore(StoreNames.FullText));

        Assert.Contains($"ConnectionStrings:{StoreNames.FullText}", error.Message);
    }

    [Fact]
    public void A_negative_idle_merge_delay_is_refused_at_registration_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[$"ConnectionStrings:{StoreNames.FullText}"] = Path.Combine(Path.GetTempPath(), "agentplatform-unused-" + Guid.NewGuid().ToString("N"));
        builder.Configuration[$"{LuceneFullTextSettings.SectionName}:{nameof(LuceneFullTextSettings.IdleMergeDelay)}"] = "-00:00:01";

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLuceneFullTextIndex(StoreNames.FullText));

        Assert.Contains("AgentPlatform:Lucene:IdleMergeDelay", error.Message);
        Assert.Contains("-00:00:01", error.Message);
    }

    private static ServiceProvider Build(StorageBackend backend, string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[StoreIntegration.BackendKey] = backend.ToString();
        builder.Configuration[$"ConnectionStrings:{StoreNames.FullText}"] = connectionString;
        builder.AddFullTextStore(StoreNames.FullText);
        return builder.Services.BuildServiceProvider();
    }
}
