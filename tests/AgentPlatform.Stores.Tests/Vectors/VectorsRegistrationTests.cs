using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Vectors;

[Collection(ChromaServerCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class VectorsRegistrationTests(ChromaServerFixture chroma)
{
    [Fact]
    public async Task AddChromaVectorIndex_wires_an_index_and_an_initializer_for_the_configured_endpoint_and_database()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var database = $"registration_{Guid.NewGuid():N}";
        builder.Configuration[$"{ChromaVectorSettings.SectionName}:Database"] = database;
        builder.Configuration[$"ConnectionStrings:{StoreNames.Vectors}"] = $"Endpoint={chroma.Endpoint.GetLeftPart(UriPartial.Authority)}";
        builder.AddChromaVectorIndex(StoreNames.Vectors);
        using var host = builder.Build();

        var initializer = Assert.Single(host.Services.GetServices<IStoreInitializer>());
        Assert.Equal(StoreNames.Vectors, initializer.Store);
        await initializer.InitializeAsync(ct);
        var index = host.Services.GetRequiredService<IVectorIndex>();
        var embedding = new float[384];
        embedding[7] = 1;
        await index.UpsertAsync("registered", [new VectorRecord
        {
            Id = "e:0", EntryId = Guid.NewGuid(), ChunkIndex = 0, Text = "wired", Embedding = embedding, CreatedAt = DateTimeOffset.UtcNow,
        }], ct);

        Assert.Equal(1, await index.CountAsync("registered", ct));
        Assert.NotNull(await chroma.Client.GetCollectionAsync(new(chroma.Options.Tenant, database), "kb_registered", ct));
    }

    [Theory]
    [InlineData(nameof(ChromaVectorSettings.MaxConcurrentQueries), "0")]
    [InlineData(nameof(ChromaVectorSettings.MaxConcurrentQueries), "-3")]
    [InlineData(nameof(ChromaVectorSettings.SearchEf), "0")]
    public void A_query_setting_below_one_stops_the_registration_naming_the_key(string key, string value)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[$"{ChromaVectorSettings.SectionName}:{key}"] = value;
        builder.Configuration[$"ConnectionStrings:{StoreNames.Vectors}"] = $"Endpoint={chroma.Endpoint.GetLeftPart(UriPartial.Authority)}";

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddChromaVectorIndex(StoreNames.Vectors));

        Assert.Contains($"AgentPlatform:Chroma:{key} must be at least 1", error.Message);
        Assert.Contains(value, error.Message);
    }
}
