// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Numerics.Tensors;
using AgentPlatform.Contracts;
using AgentPlatform.Embeddings;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Ports;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Storage.Vectors.Chroma;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Indexing;
using AgentPlatform.Tests.SearchApi;
using AgentPlatform.Tests.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Reliability;

/// <summary>A deployment changes Embeddings:Model from all-MiniLM-L6-v2 to snowflake-arctic-embed-xs on a stack with
/// knowledge and conversation messages (real Chroma, the worker's steps run by hand): searches answer throughout,
/// from the old model, every answer from one model; the worker is stopped mid-move and a new one continues; a write
/// during the move reaches both models' collections, and the new collections end with the old ones' counts.</summary>
public sealed class ModelSwitchTests : IAsyncLifetime
{
    private const string Tenant = SearchFixture.TenantA;
    private const string Arctic = "snowflake-arctic-embed-xs";
    private static readonly string[] Queries = ["polishing the brass lens", "fog in the harbour", "when are tide tables printed", "mooring boats at night"];
    private static readonly (string Title, string Content)[] Entries =
    [
        ("Polishing the lighthouse lens", "Lighthouse keepers polish the brass lens every Tuesday at dawn."),
        ("Lighthouse fog signals", "The lighthouse foghorn sounds twice a minute while fog covers the harbour."),
        ("Harbour tide tables", "Tide tables for the quay are printed on the first Monday of each month."),
        ("Rowing boat moorings", "Moor rowing boats to the iron rings along the jetty before nightfall."),
        ("Quay cranes", "The quay cranes lift containers from the ships onto trucks."),
        ("Pilot boats", "Pilot boats guide large ships through the narrow channel."),
    ];

    private readonly ChromaServerFixture _chroma = new();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("agentplatform-model-switch-");
    private readonly List<IAsyncDisposable> _hosts = [];
    private OnnxEmbeddingGenerator _miniLm = null!;
    private OnnxEmbeddingGenerator _arctic = null!;

    public async ValueTask InitializeAsync()
    {
        await _chroma.InitializeAsync();
        _miniLm = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { IntraOpThreads = 1 });
        _arctic = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = Arctic, IntraOpThreads = 1 });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
            await host.DisposeAsync();
        _miniLm.Dispose();
        _arctic.Dispose();
        await _chroma.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task A_model_change_reindexes_into_new_collections_while_searches_answer_from_the_old_model_and_a_restarted_worker_continues()
    {
        // Before: the default model, as every deployment ran until now.
        // The stores live in a directory of the test's own, so each worker host can stop (as a crash or a redeploy
        // would) without taking the data with it.
        var stores = new Dictionary<string, string?>
        {
            ["ConnectionStrings:relational"] = $"Data Source={Path.Combine(_data.FullName, "relational.db")}",
            ["ConnectionStrings:documents"] = $"Data Source={Path.Combine(_data.FullName, "documents.db")}",
            ["ConnectionStrings:fulltext"] = Path.Combine(_data.FullName, "lucene"),
            [AgentPlatform.Storage.Vectors.VectorsRegistration.DatabaseKey] = "db-" + Guid.NewGuid().ToString("N")[..12],
        };
        var first = new WorkerHost(_chroma, stores);
        await first.StartAsync();
        var ingestion = Track(new ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(_chroma.Endpoint.ToString(), stores));
        var api = await ingestion.ClientAsync();
        foreach (var (title, content) in Entries)
            await first.AddAsync(Tenant, title, content);
        // Conversation messages are left out: a worker host stopped in-process keeps the Lucene write lock of the
        // conversations index it wrote, so the next host could not index them (a stopped process releases it).
        const int messages = 0;
        await DrainAsync(first);
        var miniLmCollection = await VectorCountsAsync(first, ChromaVectorIndexOptions.DefaultEmbeddingModel);
        var oldSearch = await (Track(new SearchHost(stores, _chroma.Endpoint.ToString()))).ServingClientAsync();
        var before = await SemanticScoresAsync(oldSearch);
        await AssertEveryAnswerIsOfAsync(oldSearch, _miniLm);
        await first.DisposeAsync();

        // The new configuration: worker and Search.Api on arctic; the tenant's searches stay on MiniLM meanwhile.
        var arcticSettings = new Dictionary<string, string?>(stores) { ["Embeddings:Model"] = Arctic, ["Worker:RetiredModelGrace"] = "00:00:30" };
        var worker = Track(new WorkerHost(_chroma, arcticSettings));
        await worker.StartAsync();
        var search = await Track(new SearchHost(arcticSettings, _chroma.Endpoint.ToString())).ServingClientAsync();
        Assert.Equal(1, await MigrateAsync(worker));
        var status = await StatusAsync(api);
        Assert.Equal(new EmbeddingModelStatus("all-MiniLM-L6-v2/384", $"{Arctic}/384", 0, Entries.Length, 0, messages, 0, null, null),
            status with { PerSecond = 0, EstimatedSecondsRemaining = null });
        Assert.Equal(before, await SemanticScoresAsync(search));
        await AssertEveryAnswerIsOfAsync(search, _miniLm);

        // Half the re-embedding, then the worker stops; a new one continues where the outbox left off.
        await worker.RunRoundAsync(new IndexingOptions { EntriesPerRound = 3 });
        Assert.Equal(0, await MigrateAsync(worker));
        Assert.Equal(3, (await StatusAsync(api)).EntriesReembedded);
        await worker.DisposeAsync();
        _hosts.Remove(worker);
        worker = Track(new WorkerHost(_chroma, arcticSettings));
        await worker.StartAsync();
        Assert.Equal(before, await SemanticScoresAsync(search));
        await AssertEveryAnswerIsOfAsync(search, _miniLm);

        // A write during the move is embedded for both models.
        var added = await worker.AddAsync(Tenant, "Harbour seals", "Seals rest on the harbour rocks at low tide.");
        // What the stopped worker had claimed comes due again after its lease, as after a crash.
        worker.Clock.Advance(WorkerHost.TestOptions.Lease + TimeSpan.FromSeconds(1));
        await DrainAsync(worker);
        var oldCollection = await VectorCountsAsync(worker, ChromaVectorIndexOptions.DefaultEmbeddingModel);
        var newCollection = await VectorCountsAsync(worker, $"{Arctic}/384");
        Assert.Equal(miniLmCollection.Knowledge + worker.ChunksOf(added).Count, oldCollection.Knowledge);
        Assert.Equal(oldCollection, newCollection);
        Assert.Equal(miniLmCollection.Memory, newCollection.Memory);
        Assert.Equal(before, await SemanticScoresAsync(search, exclude: added.Id));
    }

    private T Track<T>(T host) where T : IAsyncDisposable
    {
        _hosts.Add(host);
        return host;
    }

    private static async Task<int> MigrateAsync(WorkerHost worker)
    {
        await using var scope = worker.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VectorModelMigrator>().RunAsync(CancellationToken.None);
    }

    private static async Task DrainAsync(WorkerHost worker)
    {
        await worker.DrainAsync();
        await using var scope = worker.Services.CreateAsyncScope();
        var conversations = scope.ServiceProvider.GetRequiredService<ConversationIndexer>();
        while (await conversations.RunRoundAsync(CancellationToken.None) > 0) { }
    }

    private static async Task<(long Knowledge, long Memory)> VectorCountsAsync(WorkerHost worker, string vectorSpace)
    {
        var collections = worker.Services.GetRequiredService<IVectorCollections>();
        return (await collections.Knowledge(vectorSpace).CountAsync(Tenant, CancellationToken.None),
            await collections.Memory(vectorSpace).CountAsync(Tenant, CancellationToken.None));
    }

    private static async Task<EmbeddingModelStatus> StatusAsync(HttpClient api)
    {
        var status = await HttpAssert.OkJsonAsync<IngestionStatus>(await api.GetAsync(IngestionStatusApi.Path));
        return status.EmbeddingModel ?? throw new InvalidOperationException("The status has no embedding model.");
    }

    /// <summary>Each query's semantic hits: entry id with its raw similarity to 5 decimals.</summary>
    private static async Task<List<string>> SemanticScoresAsync(HttpClient search, Guid? exclude = null)
    {
        var answers = new List<string>();
        foreach (var query in Queries)
        {
            var response = await SearchAsync(search, query, SearchMode.Semantic);
            Assert.Empty(response.Warnings);
            answers.AddRange(response.Hits.Where(h => h.EntryId != exclude).Select(h =>
                $"'{query}': {h.EntryId} {h.Explain?.GetValueOrDefault(KnowledgeSearchService.SemanticEngine)?.RawScore:F5}"));
        }
        return answers;
    }

    /// <summary>Every semantic and hybrid hit's raw similarity is the cosine of the query and its best chunk under the
    /// given model (and not under the other): one model per answer.</summary>
    private async Task AssertEveryAnswerIsOfAsync(HttpClient search, OnnxEmbeddingGenerator model)
    {
        var other = model == _miniLm ? _arctic : _miniLm;
        foreach (var mode in new[] { SearchMode.Semantic, SearchMode.Hybrid })
        {
            foreach (var query in Queries)
            {
                var response = await SearchAsync(search, query, mode);
                Assert.NotEmpty(response.Hits);
                foreach (var hit in response.Hits.Where(h => h.Explain?.ContainsKey(KnowledgeSearchService.SemanticEngine) == true))
                {
                    var raw = hit.Explain![KnowledgeSearchService.SemanticEngine].RawScore;
                    Assert.Equal(await CosineAsync(model, query, hit.BestChunk!), raw, 3);
                    Assert.NotEqual(Math.Round(await CosineAsync(other, query, hit.BestChunk!), 3), Math.Round(raw, 3));
                }
            }
        }
    }

    private static async Task<double> CosineAsync(OnnxEmbeddingGenerator model, string query, string chunk)
    {
        var q = await model.GenerateAsync([query], EmbeddingInput.Query());
        var d = await model.GenerateAsync([chunk]);
        return TensorPrimitives.CosineSimilarity(q[0].Vector.Span, d[0].Vector.Span);
    }

    private static async Task<SearchResponse> SearchAsync(HttpClient search, string query, SearchMode mode) =>
        await HttpAssert.OkJsonAsync<SearchResponse>(await search.PostAsJsonAsync("/v1/search",
            new SearchRequest(query, mode, Limit: 10, Explain: true), Json.Options));
}
