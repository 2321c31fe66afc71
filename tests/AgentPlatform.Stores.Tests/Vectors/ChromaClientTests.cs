using System.Net;
using System.Text.Json.Nodes;
using AgentPlatform.Storage.Vectors.Chroma;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Vectors;

[Collection(ChromaServerCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ChromaClientTests(ChromaServerFixture chroma)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ChromaClient Client => chroma.Client;

    private Task<ChromaCollection> NewCollectionAsync() =>
        Client.GetOrCreateCollectionAsync(chroma.Options.ChromaDatabase, $"client_{Guid.NewGuid():N}", ChromaSpace.Cosine, Ct);

    [Fact]
    public async Task Pre_flight_checks_give_the_servers_batch_limit() =>
        Assert.True((await Client.GetPreFlightChecksAsync(Ct)).MaxBatchSize > 0);

    [Fact]
    public async Task Tenants_databases_and_collections_are_get_or_create()
    {
        var database = new ChromaDatabase($"tenant_{Guid.NewGuid():N}", "db_one");
        await Client.GetOrCreateTenantAsync(database.Tenant, Ct);
        await Client.GetOrCreateTenantAsync(database.Tenant, Ct);
        await Client.GetOrCreateDatabaseAsync(database, Ct);
        await Client.GetOrCreateDatabaseAsync(database, Ct);

        var created = await Client.GetOrCreateCollectionAsync(database, "kb_probe", ChromaSpace.Cosine, Ct);
        var again = await Client.GetOrCreateCollectionAsync(database, "kb_probe", ChromaSpace.Cosine, Ct);
        var found = await Client.GetCollectionAsync(database, "kb_probe", Ct);

        Assert.Equal(created.Id, again.Id);
        Assert.Equal(created.Id, found?.Id);
        Assert.Equal((database.Tenant, database.Name), (created.Tenant, created.Database));
        Assert.Equal(ChromaSpace.Cosine, created.Configuration?.Hnsw?.Space);
        Assert.Null(await Client.GetCollectionAsync(database, "kb_absent", Ct));
    }

    [Fact]
    public async Task A_cosine_collection_reports_one_minus_cosine_as_distance()
    {
        var collection = await NewCollectionAsync();
        var angles = new[] { 0.0, 60.0, 90.0, 180.0 };
        await Client.AddAsync(collection, new ChromaRecords
        {
            Ids = [.. angles.Select(a => $"deg{a}")],
            Embeddings = [.. angles.Select(a => new ReadOnlyMemory<float>([(float)Math.Cos(a * Math.PI / 180), (float)Math.Sin(a * Math.PI / 180)]))],
        }, Ct);

        var result = await Client.QueryAsync(collection, new ChromaQueryRequest
        {
            QueryEmbeddings = [new float[] { 2, 0 }],
            NResults = 4,
            Include = [ChromaInclude.Distances],
        }, Ct);

        Assert.Equal(["deg0", "deg60", "deg90", "deg180"], result.Ids[0]);
        var distances = result.Distances![0].Select(d => d!.Value).ToArray();
        Assert.Equal([0.0, 0.5, 1.0, 2.0], distances, (expected, actual) => Math.Abs(expected - actual) < 1e-5);
        Assert.Null(result.Documents);
    }

    [Fact]
    public async Task Get_delete_and_count_honour_ids_where_include_limit_and_offset()
    {
        var collection = await NewCollectionAsync();
        await Client.UpsertAsync(collection, new ChromaRecords
        {
            Ids = ["r0", "r1", "r2", "r3"],
            Embeddings = [new float[] { 1, 0 }, new float[] { 0, 1 }, new float[] { 1, 1 }, new float[] { 1, -1 }],
            Documents = ["zero", "one", "two", "three"],
            Metadatas =
            [
                new JsonObject { ["group"] = "even", ["n"] = 0 },
                new JsonObject { ["group"] = "odd", ["n"] = 1 },
                new JsonObject { ["group"] = "even", ["n"] = 2 },
                new JsonObject { ["group"] = "odd", ["n"] = 3 },
            ],
        }, Ct);

        var byIds = await Client.GetAsync(collection, new ChromaGetRequest { Ids = ["r2", "missing"], Include = [ChromaInclude.Documents, ChromaInclude.Embeddings] }, Ct);
        Assert.Equal(["r2"], byIds.Ids);
        Assert.Equal(["two"], byIds.Documents!);
        // Stored as float32 (a cosine collection may round them slightly).
        Assert.All(byIds.Embeddings![0], v => Assert.Equal(1f, v, 1e-5f));
        Assert.Null(byIds.Metadatas);

        var evens = await Client.GetAsync(collection, new ChromaGetRequest { Where = ChromaWhere.Eq("group", "even"), Include = [ChromaInclude.Metadatas] }, Ct);
        Assert.Equal(new[] { "r0", "r2" }, evens.Ids.Order());
        Assert.All(evens.Metadatas!, m => Assert.Equal("even", m!["group"]!.GetValue<string>()));

        var pages = new List<string>();
        for (var offset = 0; offset < 4; offset += 3)
            pages.AddRange((await Client.GetAsync(collection, new ChromaGetRequest { Limit = 3, Offset = offset }, Ct)).Ids);
        Assert.Equal(new[] { "r0", "r1", "r2", "r3" }, pages.Order());

        var middle = await Client.GetAsync(collection, new ChromaGetRequest { Where = ChromaWhere.All([ChromaWhere.Gte("n", 1), ChromaWhere.Lte("n", 2)]) }, Ct);
        Assert.Equal(new[] { "r1", "r2" }, middle.Ids.Order());

        await Client.DeleteAsync(collection, new ChromaDeleteRequest { Ids = ["r0"] }, Ct);
        await Client.DeleteAsync(collection, new ChromaDeleteRequest { Where = ChromaWhere.In("group", ["odd"]) }, Ct);
        Assert.Equal(1, await Client.CountAsync(collection, Ct));
        Assert.Equal(["r2"], (await Client.GetAsync(collection, new ChromaGetRequest(), Ct)).Ids);
    }

    [Fact]
    public async Task Server_errors_raise_ChromaException_with_status_and_message()
    {
        var invalidName = await Assert.ThrowsAsync<ChromaException>(() =>
            Client.GetOrCreateCollectionAsync(chroma.Options.ChromaDatabase, "x", ChromaSpace.Cosine, Ct));
        var missingDatabase = await Assert.ThrowsAsync<ChromaException>(() =>
            Client.GetOrCreateCollectionAsync(new ChromaDatabase(chroma.Options.Tenant, $"absent_{Guid.NewGuid():N}"), "kb_any", ChromaSpace.Cosine, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, invalidName.StatusCode);
        Assert.Equal("InvalidArgumentError", invalidName.ErrorType);
        Assert.Contains("3-512 characters", invalidName.ServerMessage);
        Assert.Contains("does not exist", missingDatabase.ServerMessage);
    }
}
