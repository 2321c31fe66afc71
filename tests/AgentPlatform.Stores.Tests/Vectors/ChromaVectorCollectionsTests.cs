using AgentPlatform.Ports;
using AgentPlatform.Storage.Vectors.Chroma;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Vectors;

/// <summary>IVectorCollections on a real Chroma, each test in a Chroma database of its own (so listing tenants sees
/// only its own): per-model collections, the tenants' model states, the deletion of a model's collections.</summary>
[Collection(ChromaServerCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ChromaVectorCollectionsTests(ChromaServerFixture chroma)
{
    private const string MiniLm = ChromaVectorIndexOptions.DefaultEmbeddingModel;
    private const string Arctic = "snowflake-arctic-embed-xs/384";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ChromaVectorCollections Collections, ChromaVectorIndexOptions Options)> NewDatabaseAsync()
    {
        var options = chroma.Options with { Database = $"collections_{Guid.NewGuid():N}" };
        await new ChromaStoreInitializer(chroma.Client, options).InitializeAsync(Ct);
        return (new ChromaVectorCollections(chroma.Client, options), options);
    }

    private static VectorRecord Chunk(Guid entryId, int index) => new()
    {
        Id = VectorRecord.ChunkId(entryId, index),
        EntryId = entryId,
        ChunkIndex = index,
        Text = "chunk",
        Embedding = Enumerable.Range(0, 384).Select(i => i == index ? 1f : 0f).ToArray(),
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task A_state_is_saved_whole_replaced_by_the_next_save_and_kept_per_tenant()
    {
        var (collections, _) = await NewDatabaseAsync();
        Assert.Null(await collections.GetStateAsync("acme", Ct));

        var moving = new VectorModelState
        {
            Active = MiniLm, Target = Arctic, Queued = true, StartedAt = DateTimeOffset.Parse("2026-01-02T03:04:05Z"),
            EntriesTotal = 12, MessagesTotal = 3,
        };
        await collections.SaveStateAsync("acme", moving, Ct);
        Assert.Equal(moving, await collections.GetStateAsync("acme", Ct));
        var switched = new VectorModelState { Active = Arctic, Retired = MiniLm, RetiredAt = DateTimeOffset.Parse("2026-01-02T04:00:00Z") };
        await collections.SaveStateAsync("acme", switched, Ct);

        Assert.Equal(switched, await collections.GetStateAsync("acme", Ct));
        Assert.Null(await collections.GetStateAsync("other", Ct));
        Assert.Equal(["acme"], await collections.TenantsAsync(Ct));
    }

    [Fact]
    public async Task A_tenant_whose_collections_predate_states_is_on_the_default_model_and_listed()
    {
        var (collections, _) = await NewDatabaseAsync();
        await collections.Knowledge(MiniLm).UpsertAsync("legacy", [Chunk(Guid.NewGuid(), 0)], Ct);
        await collections.Memory(MiniLm).UpsertAsync("dash-", [Chunk(Guid.NewGuid(), 0)], Ct);
        // Another model's collection names no tenant of its own: its tenant has a saved state.
        await collections.Knowledge(Arctic).UpsertAsync("moved", [Chunk(Guid.NewGuid(), 0)], Ct);
        await collections.SaveStateAsync("saved", new VectorModelState { Active = Arctic }, Ct);

        Assert.Equal(new VectorModelState { Active = MiniLm }, await collections.GetStateAsync("legacy", Ct));
        Assert.Equal(new VectorModelState { Active = MiniLm }, await collections.GetStateAsync("dash-", Ct));
        Assert.Equal(["dash-", "legacy", "saved"], await collections.TenantsAsync(Ct));
    }

    [Fact]
    public async Task Each_model_has_its_own_collections_and_dropping_one_leaves_the_other()
    {
        var (collections, options) = await NewDatabaseAsync();
        var entry = Guid.NewGuid();
        await collections.Knowledge(MiniLm).UpsertAsync("acme", [Chunk(entry, 0), Chunk(entry, 1)], Ct);
        await collections.Memory(MiniLm).UpsertAsync("acme", [Chunk(Guid.NewGuid(), 0)], Ct);
        await collections.Knowledge(Arctic).UpsertAsync("acme", [Chunk(entry, 0)], Ct);

        Assert.Same(collections.Knowledge(Arctic), collections.Knowledge(Arctic));
        Assert.Equal("kb_acme", (await collections.Knowledge(MiniLm).StatsAsync("acme", Ct)).Collection);
        Assert.Equal("kb_acme.snowflake-arctic-embed-xs", (await collections.Knowledge(Arctic).StatsAsync("acme", Ct)).Collection);
        Assert.Equal((2L, 1L), (await collections.Knowledge(MiniLm).CountAsync("acme", Ct), await collections.Knowledge(Arctic).CountAsync("acme", Ct)));

        await collections.DropAsync("acme", MiniLm, Ct);
        // Dropping again (a step repeated after a crash) finds nothing to delete and is no error.
        await collections.DropAsync("acme", MiniLm, Ct);

        var names = await chroma.Client.ListCollectionNamesAsync(options.ChromaDatabase, Ct);
        Assert.Equal(["kb_acme.snowflake-arctic-embed-xs"], names.Where(n => n != ChromaVectorCollections.StatesCollection));
        Assert.Equal(1L, await collections.Knowledge(Arctic).CountAsync("acme", Ct));
    }
}
