using System.Net;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Vectors.Chroma;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Vectors;

[Collection(ChromaServerCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ChromaVectorIndexTests(ChromaServerFixture chroma) : VectorIndexConformance, IDisposable
{
    private readonly ChromaVectorIndex _index = chroma.CreateIndex();
    private readonly HttpClient _unreachableHttp = new() { BaseAddress = new Uri($"http://127.0.0.1:{ChromaServerFixture.FreeTcpPort()}/") };

    protected override IVectorIndex Index => _index;

    protected override IVectorIndex CreateUnreachableIndex() => new ChromaVectorIndex(new ChromaClient(_unreachableHttp), chroma.Options);

    public void Dispose() => _unreachableHttp.Dispose();

    [Fact]
    public async Task A_wrong_embedding_dimension_raises_ChromaException_with_the_servers_message()
    {
        var tenant = NewTenant();
        await _index.UpsertAsync(tenant, [NewChunk(Guid.NewGuid(), 0)], Ct);

        var error = await Assert.ThrowsAsync<ChromaException>(() =>
            _index.QueryAsync(tenant, new float[] { 1, 0, 0 }, 3, new SearchFilter(), Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("dimension", error.ServerMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("384", error.ServerMessage);
        Assert.Contains(error.ServerMessage, error.Message);
    }

    [Fact]
    public async Task A_collection_built_with_another_embedding_model_is_refused_and_each_model_names_its_own()
    {
        var tenant = NewTenant();
        await chroma.Client.GetOrCreateCollectionAsync(chroma.Options.ChromaDatabase, ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, tenant),
            ChromaSpace.Cosine, new System.Text.Json.Nodes.JsonObject { ["embedding_model"] = "other-model/384" }, Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _index.QueryAsync(tenant, RandomUnitVector(), 3, new SearchFilter(), Ct));

        Assert.Contains("other-model/384", error.Message);
        Assert.Contains(chroma.Options.EmbeddingModel, error.Message);
        Assert.Equal("kb_a.other-model", ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, "a", "other-model/384"));
        Assert.Equal("mem_x-.t.other-model", ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.MemoryPrefix, "x-", "other-model/384"));
    }

    [Fact]
    public async Task Upserts_larger_than_a_batch_are_split_and_all_stored()
    {
        var tenant = NewTenant();
        var index = chroma.CreateIndex(maxBatchSize: 7);
        var entry = Guid.NewGuid();

        await index.UpsertAsync(tenant, [.. Enumerable.Range(0, 30).Select(i => NewChunk(entry, i))], Ct);

        Assert.Equal(30, await index.CountAsync(tenant, Ct));
    }

    [Fact]
    public async Task Queries_made_while_one_is_in_flight_go_in_one_request_and_each_gets_its_own_hits()
    {
        var tenant = NewTenant();
        var entries = Enumerable.Range(0, 5).Select(i => NewChunk(Guid.NewGuid(), 0, category: i % 2 == 0 ? "even" : "odd")).ToArray();
        await _index.UpsertAsync(tenant, entries, Ct);
        using var held = new HeldQueryHandler { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(held) { BaseAddress = chroma.Endpoint };
        var index = new ChromaVectorIndex(new ChromaClient(http), chroma.Options with { MaxConcurrentQueries = 1 });

        var first = index.QueryAsync(tenant, entries[0].Embedding, 1, new SearchFilter(), Ct);
        var waiting = entries.Skip(1).Select(e => index.QueryAsync(tenant, e.Embedding, 1, new SearchFilter(), Ct)).ToArray();
        var filtered = index.QueryAsync(tenant, entries[0].Embedding, 5, new SearchFilter { Category = "odd" }, Ct);
        held.Release.SetResult();

        Assert.Equal(entries[0].Id, (await first).Single().Record.Id);
        var answers = await Task.WhenAll(waiting);
        Assert.Equal(entries.Skip(1).Select(e => e.Id), answers.Select(hits => hits.Single().Record.Id));
        Assert.All(answers, hits => Assert.Equal(1, hits.Single().Similarity, 3));
        Assert.Equal(new[] { entries[1].Id, entries[3].Id }.Order(), (await filtered).Select(h => h.Record.Id).Order());
        // The first query alone, the four made meanwhile together; the filtered one is another request's kind.
        Assert.Equal([1, 1, 4], held.EmbeddingsPerQuery.Order());
    }

    /// <summary>Holds query requests until released and counts the query embeddings each carries.</summary>
    private sealed class HeldQueryHandler : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _counts = new();

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<int> EmbeddingsPerQuery => [.. _counts];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/query", StringComparison.Ordinal))
            {
                using var body = System.Text.Json.JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
                _counts.Enqueue(body.RootElement.GetProperty("query_embeddings").GetArrayLength());
                await Release.Task.WaitAsync(cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task New_collections_get_the_configured_search_breadth_and_an_existing_one_is_changed_to_it()
    {
        var created = NewTenant();
        var existing = NewTenant();
        var index = new ChromaVectorIndex(chroma.Client, chroma.Options with { SearchEf = 250 });
        var existingName = ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, existing);
        await chroma.Client.GetOrCreateCollectionAsync(chroma.Options.ChromaDatabase, existingName, ChromaSpace.Cosine,
            new System.Text.Json.Nodes.JsonObject { ["embedding_model"] = chroma.Options.EmbeddingModel }, Ct);
        Assert.NotEqual(250, await SearchEfAsync(existingName));

        await index.UpsertAsync(created, [NewChunk(Guid.NewGuid(), 0)], Ct);
        Assert.Empty(await index.QueryAsync(existing, RandomUnitVector(), 5, new SearchFilter(), Ct));

        Assert.Equal(250, await SearchEfAsync(ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, created)));
        Assert.Equal(250, await SearchEfAsync(existingName));

        async Task<int?> SearchEfAsync(string name) =>
            (await chroma.Client.GetCollectionAsync(chroma.Options.ChromaDatabase, name, Ct))?.Configuration?.Hnsw?.EfSearch;
    }

    [Fact]
    public async Task A_collection_deleted_behind_the_cache_is_resolved_again()
    {
        var tenant = NewTenant();
        await _index.UpsertAsync(tenant, [NewChunk(Guid.NewGuid(), 0), NewChunk(Guid.NewGuid(), 0)], Ct);
        Assert.Equal(2, await _index.CountAsync(tenant, Ct));

        await chroma.Client.DeleteCollectionAsync(chroma.Options.ChromaDatabase, ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, tenant), Ct);
        Assert.Equal(0, await _index.CountAsync(tenant, Ct));
        Assert.Empty(await _index.QueryAsync(tenant, RandomUnitVector(), 5, new SearchFilter(), Ct));

        await _index.UpsertAsync(tenant, [NewChunk(Guid.NewGuid(), 0)], Ct);
        Assert.Equal(1, await _index.CountAsync(tenant, Ct));
    }

    [Fact]
    public async Task Short_tenant_ids_and_ids_ending_in_a_separator_get_distinct_valid_collections()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string[] tenants = ["a", $"{suffix}-", $"{suffix}_", suffix];
        foreach (var (tenant, count) in tenants.Select((t, i) => (t, i + 1)))
            await _index.UpsertAsync(tenant, [.. Enumerable.Range(0, count).Select(_ => NewChunk(Guid.NewGuid(), 0))], Ct);

        foreach (var (tenant, count) in tenants.Select((t, i) => (t, i + 1)))
            Assert.Equal(count, await _index.CountAsync(tenant, Ct));
        Assert.Equal(["kb_a", "kb_x-.t", "kb_x_.t", "kb_x"], new[] { "a", "x-", "x_", "x" }.Select(t => ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, t)));
        Assert.Equal("mem_a", ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.MemoryPrefix, "a"));
    }

    /// <summary>A query that meets records this index cannot read (metadata gone while a delete runs, or never
    /// written) answers with the others instead of failing.</summary>
    public static TheoryData<string> Metadatas =>
    [
        "null",
        """{}""",
        """{"chunkIndex":0,"createdAt":1}""",
        """{"entryId":"not-a-guid","chunkIndex":0,"createdAt":1}""",
        """{"entryId":"0123456789abcdef0123456789abcdef","createdAt":1}""",
        """{"entryId":"0123456789abcdef0123456789abcdef","chunkIndex":"zero","createdAt":1}""",
        """{"entryId":"0123456789abcdef0123456789abcdef","chunkIndex":0}""",
    ];

    [Theory]
    [MemberData(nameof(Metadatas))]
    public async Task Records_without_the_chunk_metadata_are_skipped_and_the_rest_returned(string metadata)
    {
        var tenant = NewTenant();
        var kept = NewChunk(Guid.NewGuid(), 0);
        await _index.UpsertAsync(tenant, [kept], Ct);
        var collection = await chroma.Client.GetCollectionAsync(chroma.Options.ChromaDatabase, ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, tenant), Ct);
        var stray = System.Text.Json.Nodes.JsonNode.Parse(metadata)?.AsObject();
        await chroma.Client.UpsertAsync(collection!, new ChromaRecords
        {
            Ids = ["stray:0"], Embeddings = [kept.Embedding], Documents = ["left behind"], Metadatas = [stray],
        }, Ct);

        var hits = await _index.QueryAsync(tenant, kept.Embedding, 10, new SearchFilter(), Ct);

        Assert.Equal([kept.Id], hits.Select(h => h.Record.Id));
    }
}
