using System.Text;
using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Tests.Vectors;

/// <summary>Behaviour every IVectorIndex adapter must show. Each test works in its own fresh tenant(s).</summary>
public abstract class VectorIndexConformance
{
    protected const int Dimensions = 384;
    private static readonly DateTimeOffset BaseTime = new(2025, 3, 1, 12, 0, 0, 250, TimeSpan.Zero);
    private readonly Random _random = new(20250301);

    protected abstract IVectorIndex Index { get; }

    /// <summary>An adapter pointed at a store that does not answer (e.g. a closed port).</summary>
    protected abstract IVectorIndex CreateUnreachableIndex();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string NewTenant() => $"t{Guid.NewGuid():N}"[..20];

    protected float[] RandomUnitVector()
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = (float)(_random.NextDouble() * 2 - 1);
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }

    protected VectorRecord NewChunk(Guid entryId, int chunkIndex, string? text = null, string? category = null,
        IReadOnlyList<string>? tags = null, DateTimeOffset? createdAt = null, float[]? embedding = null) => new()
    {
        Id = VectorRecord.ChunkId(entryId, chunkIndex),
        EntryId = entryId,
        ChunkIndex = chunkIndex,
        Text = text ?? $"chunk {chunkIndex} of {entryId}",
        Title = $"entry {entryId}",
        Embedding = embedding ?? RandomUnitVector(),
        Category = category,
        Tags = tags ?? [],
        CreatedAt = createdAt ?? BaseTime,
    };

    private Task<IReadOnlyList<VectorHit>> QueryAllAsync(string tenant, SearchFilter? filter = null) =>
        Index.QueryAsync(tenant, RandomUnitVector(), 100, filter ?? new SearchFilter(), Ct);

    [Fact]
    public async Task Match_finds_what_query_finds_in_the_same_order_with_the_same_filter_as_chunks_and_similarities()
    {
        var tenant = NewTenant();
        var (guides, notes) = (Guid.NewGuid(), Guid.NewGuid());
        var records = Enumerable.Range(0, 8).Select(i => NewChunk(i % 2 == 0 ? guides : notes, i, category: i % 2 == 0 ? "guides" : "notes")).ToList();
        await Index.UpsertAsync(tenant, records, Ct);
        var query = RandomUnitVector();

        foreach (var filter in (SearchFilter[])[new SearchFilter(), new SearchFilter { Category = "notes" }])
        {
            var hits = await Index.QueryAsync(tenant, query, 5, filter, Ct);
            var matches = await Index.MatchAsync(tenant, query, 5, filter, Ct);

            Assert.Equal(hits.Select(h => (h.Record.EntryId, h.Record.ChunkIndex)), matches.Select(m => (m.EntryId, m.ChunkIndex)));
            Assert.Equal(hits.Select(h => h.Similarity), matches.Select(m => m.Similarity), (a, b) => Math.Abs(a - b) < 1e-6);
        }
        Assert.All(await Index.MatchAsync(tenant, query, 5, new SearchFilter { Category = "notes" }, Ct), m => Assert.Equal(notes, m.EntryId));
        var identical = await Index.MatchAsync(tenant, records[5].Embedding, 1, new SearchFilter(), Ct);
        Assert.Equal((notes, 5), (Assert.Single(identical).EntryId, identical[0].ChunkIndex));
        Assert.Equal(1.0, identical[0].Similarity, 1e-5);
        Assert.Empty(await Index.MatchAsync(NewTenant(), query, 5, new SearchFilter(), Ct));
    }

    [Fact]
    public async Task Query_returns_the_identical_vector_first_with_similarity_one_and_the_record_round_trips()
    {
        var tenant = NewTenant();
        var entry = Guid.NewGuid();
        var records = Enumerable.Range(0, 6)
            .Select(i => NewChunk(entry, i, category: "guides", tags: ["alpha", "beta"], createdAt: BaseTime.AddMinutes(i)))
            .ToList();
        await Index.UpsertAsync(tenant, records, Ct);

        var target = records[3];
        var hits = await Index.QueryAsync(tenant, target.Embedding, 4, new SearchFilter(), Ct);

        Assert.Equal(4, hits.Count);
        var best = hits[0];
        Assert.Equal(target.Id, best.Record.Id);
        Assert.Equal(1.0, best.Similarity, 3);
        Assert.True(hits.Skip(1).All(h => h.Similarity < 0.5), "random 384-d vectors are far from the target");
        Assert.Equal(hits.OrderByDescending(h => h.Similarity).Select(h => h.Record.Id), hits.Select(h => h.Record.Id));
        Assert.Equal(target.EntryId, best.Record.EntryId);
        Assert.Equal(target.ChunkIndex, best.Record.ChunkIndex);
        Assert.Equal(target.Text, best.Record.Text);
        Assert.Equal(target.Title, best.Record.Title);
        Assert.Equal("guides", best.Record.Category);
        Assert.Equal(["alpha", "beta"], best.Record.Tags);
        Assert.Equal(target.CreatedAt, best.Record.CreatedAt);
        Assert.Equal(6, await Index.CountAsync(tenant, Ct));
    }

    [Fact]
    public async Task Upserting_the_same_id_twice_keeps_one_record_with_the_latest_text()
    {
        var tenant = NewTenant();
        var entry = Guid.NewGuid();
        var embedding = RandomUnitVector();
        await Index.UpsertAsync(tenant, [NewChunk(entry, 0, text: "first version", embedding: embedding)], Ct);
        await Index.UpsertAsync(tenant, [NewChunk(entry, 0, text: "second version", category: "updated", embedding: embedding)], Ct);

        Assert.Equal(1, await Index.CountAsync(tenant, Ct));
        var hit = Assert.Single(await Index.QueryAsync(tenant, embedding, 5, new SearchFilter(), Ct));
        Assert.Equal("second version", hit.Record.Text);
        Assert.Equal("updated", hit.Record.Category);
    }

    [Fact]
    public async Task DeleteEntry_removes_every_chunk_of_that_entry_only()
    {
        var tenant = NewTenant();
        var doomed = Guid.NewGuid();
        var kept = Guid.NewGuid();
        await Index.UpsertAsync(tenant, [NewChunk(doomed, 0), NewChunk(doomed, 1), NewChunk(doomed, 2), NewChunk(kept, 0), NewChunk(kept, 1)], Ct);

        await Index.DeleteEntryAsync(tenant, doomed, Ct);

        Assert.Equal(2, await Index.CountAsync(tenant, Ct));
        var left = await QueryAllAsync(tenant);
        Assert.NotEmpty(left);
        Assert.All(left, h => Assert.Equal(kept, h.Record.EntryId));
    }

    [Fact]
    public async Task DeleteChunksFrom_removes_each_listed_entrys_chunks_at_and_after_its_own_index_only()
    {
        var tenant = NewTenant();
        var (shortened, alsoShortened, unchanged, untouched) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Index.UpsertAsync(tenant, [.. Enumerable.Range(0, 5).Select(i => NewChunk(shortened, i)), .. Enumerable.Range(0, 4).Select(i => NewChunk(alsoShortened, i)),
            .. Enumerable.Range(0, 2).Select(i => NewChunk(unchanged, i)), .. Enumerable.Range(0, 4).Select(i => NewChunk(untouched, i))], Ct);

        await Index.DeleteChunksFromAsync(tenant, [(shortened, 2), (alsoShortened, 3), (unchanged, 2)], Ct);

        var remaining = await QueryAllAsync(tenant);
        Assert.Equal([0, 1], remaining.Where(h => h.Record.EntryId == shortened).Select(h => h.Record.ChunkIndex).Order());
        Assert.Equal([0, 1, 2], remaining.Where(h => h.Record.EntryId == alsoShortened).Select(h => h.Record.ChunkIndex).Order());
        Assert.Equal([0, 1], remaining.Where(h => h.Record.EntryId == unchanged).Select(h => h.Record.ChunkIndex).Order());
        Assert.Equal([0, 1, 2, 3], remaining.Where(h => h.Record.EntryId == untouched).Select(h => h.Record.ChunkIndex).Order());
    }

    [Fact]
    public async Task Filters_narrow_hits_by_category_every_tag_and_a_half_open_time_range()
    {
        var tenant = NewTenant();
        var howTo = NewChunk(Guid.NewGuid(), 0, category: "how-to", tags: ["net", "azure"], createdAt: BaseTime);
        var faq = NewChunk(Guid.NewGuid(), 0, category: "faq", tags: ["net"], createdAt: BaseTime.AddDays(1));
        var untagged = NewChunk(Guid.NewGuid(), 0, createdAt: BaseTime.AddDays(2));
        await Index.UpsertAsync(tenant, [howTo, faq, untagged], Ct);

        async Task<IEnumerable<string>> IdsAsync(SearchFilter filter) =>
            (await QueryAllAsync(tenant, filter)).Select(h => h.Record.Id).Order();

        Assert.Equal([faq.Id], await IdsAsync(new SearchFilter { Category = "faq" }));
        Assert.Equal(new[] { howTo.Id, faq.Id }.Order(), await IdsAsync(new SearchFilter { Tags = ["net"] }));
        Assert.Equal([howTo.Id], await IdsAsync(new SearchFilter { Tags = ["net", "azure"] }));
        Assert.Empty(await IdsAsync(new SearchFilter { Tags = ["azure"], Category = "faq" }));
        Assert.Equal(new[] { faq.Id, untagged.Id }.Order(), await IdsAsync(new SearchFilter { From = faq.CreatedAt }));
        // From is inclusive, To exclusive: the same [From, To) window as the full-text and relational stores.
        Assert.Equal([howTo.Id], await IdsAsync(new SearchFilter { To = faq.CreatedAt }));
        Assert.Equal([faq.Id], await IdsAsync(new SearchFilter { From = faq.CreatedAt.AddMilliseconds(-1), To = faq.CreatedAt.AddMilliseconds(1) }));
        Assert.Empty(await IdsAsync(new SearchFilter { From = faq.CreatedAt.AddMilliseconds(1), To = untagged.CreatedAt.AddMilliseconds(-1) }));
    }

    [Fact]
    public async Task Tags_filter_with_match_any_needs_one_listed_tag()
    {
        var tenant = NewTenant();
        var net = NewChunk(Guid.NewGuid(), 0, category: "how-to", tags: ["net"]);
        var azure = NewChunk(Guid.NewGuid(), 0, category: "faq", tags: ["azure", "cloud"]);
        var both = NewChunk(Guid.NewGuid(), 0, category: "faq", tags: ["net", "azure"]);
        var other = NewChunk(Guid.NewGuid(), 0, tags: ["java"]);
        var untagged = NewChunk(Guid.NewGuid(), 0);
        await Index.UpsertAsync(tenant, [net, azure, both, other, untagged], Ct);

        async Task<IEnumerable<string>> IdsAsync(SearchFilter filter) =>
            (await QueryAllAsync(tenant, filter)).Select(h => h.Record.Id).Order();

        Assert.Equal(new[] { net.Id, azure.Id, both.Id }.Order(), await IdsAsync(new SearchFilter { Tags = ["net", "azure"], MatchAnyTag = true }));
        Assert.Equal(new[] { azure.Id, both.Id }.Order(), await IdsAsync(new SearchFilter { Tags = ["net", "azure"], MatchAnyTag = true, Category = "faq" }));
        Assert.Equal([other.Id], await IdsAsync(new SearchFilter { Tags = ["java"], MatchAnyTag = true }));
        Assert.Equal(5, (await QueryAllAsync(tenant, new SearchFilter { MatchAnyTag = true })).Count);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_vectors()
    {
        var tenantA = NewTenant();
        var tenantB = NewTenant();
        var secret = NewChunk(Guid.NewGuid(), 0, text: "tenant A only", category: "shared");
        await Index.UpsertAsync(tenantA, [secret], Ct);
        await Index.UpsertAsync(tenantB, [NewChunk(Guid.NewGuid(), 0, category: "shared"), NewChunk(Guid.NewGuid(), 0, category: "shared")], Ct);

        var hitsB = await Index.QueryAsync(tenantB, secret.Embedding, 10, new SearchFilter { Category = "shared" }, Ct);

        Assert.Equal(2, hitsB.Count);
        Assert.DoesNotContain(hitsB, h => h.Record.Id == secret.Id || h.Record.Text == secret.Text);
        Assert.Equal(1, await Index.CountAsync(tenantA, Ct));
        Assert.Equal(2, await Index.CountAsync(tenantB, Ct));

        await Index.DeleteEntryAsync(tenantB, secret.EntryId, Ct);
        Assert.Equal(1, await Index.CountAsync(tenantA, Ct));
    }

    [Fact]
    public async Task Unicode_and_one_megabyte_texts_round_trip_unchanged()
    {
        var tenant = NewTenant();
        var large = new StringBuilder();
        while (large.Length < 1_000_000)
            large.Append("Grüße, 世界! Ελληνικά — emoji 🧠🚀, RTL שלום; ").Append(large.Length).Append('\n');
        var big = NewChunk(Guid.NewGuid(), 0, text: large.ToString(), category: "überblick", tags: ["naïve", "日本語"]);
        await Index.UpsertAsync(tenant, [big], Ct);

        var hit = Assert.Single(await Index.QueryAsync(tenant, big.Embedding, 1, new SearchFilter { Tags = ["日本語"] }, Ct));
        Assert.Equal(big.Text, hit.Record.Text);
        Assert.Equal("überblick", hit.Record.Category);
        Assert.Equal(["naïve", "日本語"], hit.Record.Tags);
    }

    [Fact]
    public async Task A_tenant_without_vectors_queries_empty_counts_zero_and_deletes_nothing()
    {
        var tenant = NewTenant();

        Assert.Empty(await Index.QueryAsync(tenant, RandomUnitVector(), 10, new SearchFilter { Category = "any" }, Ct));
        Assert.Equal(0, await Index.CountAsync(tenant, Ct));
        await Index.DeleteEntryAsync(tenant, Guid.NewGuid(), Ct);
        await Index.DeleteChunksFromAsync(tenant, [(Guid.NewGuid(), 1)], Ct);
        await Index.DeleteChunksFromAsync(tenant, [], Ct);
        Assert.Equal(0, await Index.CountAsync(tenant, Ct));
    }

    [Fact]
    public async Task An_unreachable_store_raises_StoreUnavailableException()
    {
        var index = CreateUnreachableIndex();
        var tenant = NewTenant();

        var query = await Assert.ThrowsAsync<StoreUnavailableException>(() => index.QueryAsync(tenant, RandomUnitVector(), 5, new SearchFilter(), Ct));
        var upsert = await Assert.ThrowsAsync<StoreUnavailableException>(() => index.UpsertAsync(tenant, [NewChunk(Guid.NewGuid(), 0)], Ct));

        Assert.Equal(StoreNames.Vectors, query.Store);
        Assert.Equal(StoreNames.Vectors, upsert.Store);
    }
}
