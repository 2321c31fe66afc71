// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Numerics.Tensors;
using AgentPlatform.Contracts;
using AgentPlatform.Embeddings;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Storage.Vectors.Chroma;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Indexing;
using AgentPlatform.Tests.SearchApi;
using AgentPlatform.Tests.Support;
using AgentPlatform.Tests.Vectors;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Tests.Reliability;

/// <summary>A deployment changes Embeddings:Model from all-MiniLM-L6-v2 to snowflake-arctic-embed-xs on a stack with
/// knowledge and conversation messages (real Chroma, in-process worker, Ingestion.Api and Search.Api; the worker's
/// model steps and rounds run by hand): searches answer throughout, from the old model until the switch and from the
/// new one after, every answer from one model; a worker dies mid-move holding claims and a new one continues once
/// their lease ends; writes during the move reach both models' collections; the switch happens once, the new
/// collections end with the old ones' counts, and the old ones are deleted after the grace period.</summary>
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ModelSwitchTests : IAsyncLifetime
{
    private const string Tenant = SearchFixture.TenantA;
    private const string Arctic = "snowflake-arctic-embed-xs";
    private const string MiniLmSpace = "all-MiniLM-L6-v2/384";
    private const string ArcticSpace = Arctic + "/384";
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);
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
    private static readonly string[] Messages =
    [
        "Can you remind me when the harbour tide tables come out?",
        "They are printed on the first Monday of every month.",
        "The foghorn kept me awake all night.",
        "It sounds twice a minute whenever fog covers the harbour.",
    ];

    private readonly ChromaServerFixture _chroma = new();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("agentplatform-model-switch-");
    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly ShiftedClock _searchClock = new();
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
    public async Task A_model_change_reindexes_into_new_collections_while_searches_answer_from_the_old_model_then_switches_once_and_drops_the_old_after_the_grace()
    {
        // Before: the default model. The stores live in a directory of the test's own, so each worker host can stop
        // (as a crash or a redeploy would) without taking the data with it.
        var stores = new Dictionary<string, string?>
        {
            ["ConnectionStrings:relational"] = $"Data Source={Path.Combine(_data.FullName, "relational.db")}",
            ["ConnectionStrings:documents"] = $"Data Source={Path.Combine(_data.FullName, "documents.db")}",
            ["ConnectionStrings:fulltext"] = Path.Combine(_data.FullName, "lucene"),
            [ChromaVectorSettings.SectionName + ":Database"] = "db-" + Guid.NewGuid().ToString("N")[..12],
        };
        var first = new WorkerHost(_chroma, stores);
        await first.StartAsync();
        var api = await Track(new ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(_chroma.Endpoint.ToString(), stores)).ClientAsync();
        foreach (var (title, content) in Entries)
            await first.AddAsync(Tenant, title, content);
        var session = await HttpAssert.OkJsonAsync<SessionResponse>(
            await api.PostAsJsonAsync("/v1/sessions", new CreateSessionRequest("harbour-agent"), Json.Options), System.Net.HttpStatusCode.Created);
        await PostMessagesAsync(api, session.Id, Messages);
        await DrainAsync(first);
        var miniLmCounts = await VectorCountsAsync(first, MiniLmSpace);
        Assert.True(miniLmCounts.Memory >= Messages.Length);
        var oldSearch = await Track(new SearchHost(stores, _chroma.Endpoint.ToString())).ServingClientAsync();
        var before = await SemanticScoresAsync(oldSearch);
        var memoryBefore = await MemoryScoresAsync(oldSearch);
        await AssertEveryAnswerIsOfAsync(oldSearch, _miniLm);
        await first.DisposeAsync();

        // The new configuration: worker and Search.Api on arctic; the tenant's searches stay on MiniLM meanwhile.
        var arcticSettings = new Dictionary<string, string?>(stores) { ["Embeddings:Model"] = Arctic, ["Worker:RetiredModelGrace"] = Grace.ToString() };
        var worker = Track(new WorkerHost(_chroma, arcticSettings));
        await worker.StartAsync();
        var search = await Track(new SearchHost(arcticSettings, _chroma.Endpoint.ToString(), services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_searchClock);
        })).ServingClientAsync();
        Assert.Equal(1, await MigrateAsync(worker));
        var status = await StatusAsync(api);
        Assert.Equal(new EmbeddingModelStatus(MiniLmSpace, ArcticSpace, 0, Entries.Length, 0, Messages.Length, 0, null, null),
            status with { PerSecond = 0, EstimatedSecondsRemaining = null });
        Assert.Equal(before, await SemanticScoresAsync(search));
        Assert.Equal(memoryBefore, await MemoryScoresAsync(search));
        await AssertEveryAnswerIsOfAsync(search, _miniLm);

        // Half the re-embedding; then the worker dies in the middle of its next rounds, holding two entries' and a
        // message's claims it never completes.
        await worker.RunRoundAsync(new IndexingOptions { EntriesPerRound = 3 });
        Assert.Equal(0, await MigrateAsync(worker));
        Assert.Equal(3, (await StatusAsync(api)).EntriesReembedded);
        Assert.Equal(2, (await worker.Outbox.ClaimAsync(2, WorkerHost.TestOptions.Lease, worker.Clock.GetUtcNow(), CancellationToken.None)).Count);
        Assert.Single(await worker.Services.GetRequiredService<IMessageOutbox>()
            .ClaimUnindexedAsync(1, WorkerHost.TestOptions.Lease, worker.Clock.GetUtcNow(), CancellationToken.None));
        await worker.DisposeAsync();
        _hosts.Remove(worker);

        // A new worker continues where the outbox left off; the dead one's claims wait for their lease.
        worker = Track(new WorkerHost(_chroma, arcticSettings));
        await worker.StartAsync();
        Assert.Equal(before, await SemanticScoresAsync(search));
        await AssertEveryAnswerIsOfAsync(search, _miniLm);
        var added = await worker.AddAsync(Tenant, "Harbour seals", "Seals rest on the harbour rocks at low tide.");
        await PostMessagesAsync(api, session.Id, ["Seals were resting on the rocks at low tide."]);
        await DrainAsync(worker);
        Assert.Equal(0, await MigrateAsync(worker));
        var waiting = await StatusAsync(api);
        Assert.Equal((Entries.Length - 2, Messages.Length - 1), (waiting.EntriesReembedded, waiting.MessagesReembedded));
        Assert.Equal(MiniLmSpace, waiting.Active);

        worker.Clock.Advance(WorkerHost.TestOptions.Lease + TimeSpan.FromSeconds(1));
        await DrainAsync(worker);
        var oldCounts = await VectorCountsAsync(worker, MiniLmSpace);
        var newCounts = await VectorCountsAsync(worker, ArcticSpace);
        // The writes made during the move reached the old collections too, so searches missed nothing until the switch.
        Assert.Equal(miniLmCounts.Knowledge + worker.ChunksOf(added).Count, oldCounts.Knowledge);
        Assert.True(oldCounts.Memory > miniLmCounts.Memory);
        Assert.Equal(oldCounts, newCounts);
        Assert.Equal(before, await SemanticScoresAsync(search, exclude: added.Id));
        await AssertEveryAnswerIsOfAsync(search, _miniLm);

        // The switch: once, when nothing is left to re-embed.
        Assert.Equal(1, await MigrateAsync(worker));
        Assert.Equal(new EmbeddingModelStatus(ArcticSpace, null, 0, 0, 0, 0, 0, null, MiniLmSpace), await StatusAsync(api));
        _searchClock.Advance(TenantVectorModels.ReadCacheTime);
        await AssertEveryAnswerIsOfAsync(search, _arctic);
        Assert.NotEqual(before, await SemanticScoresAsync(search, exclude: added.Id));
        Assert.NotEqual(memoryBefore, await MemoryScoresAsync(search));
        Assert.Equal(newCounts, await VectorCountsAsync(worker, ArcticSpace));

        // The old collections stay for the grace period (a search that read the old model before the switch still
        // finds them), then go.
        Assert.Equal(0, await MigrateAsync(worker));
        Assert.True(await CollectionsExistAsync(worker, MiniLmSpace));
        worker.Clock.Advance(Grace);
        Assert.Equal(1, await MigrateAsync(worker));
        Assert.False(await CollectionsExistAsync(worker, MiniLmSpace));
        Assert.Equal(new EmbeddingModelStatus(ArcticSpace, null, 0, 0, 0, 0, 0, null, null), await StatusAsync(api));
        Assert.Equal(0, await MigrateAsync(worker));
        Assert.Equal(newCounts, await VectorCountsAsync(worker, ArcticSpace));
        await AssertEveryAnswerIsOfAsync(search, _arctic);
    }

    private T Track<T>(T host) where T : IAsyncDisposable
    {
        _hosts.Add(host);
        return host;
    }

    private static async Task PostMessagesAsync(HttpClient api, Guid sessionId, IReadOnlyList<string> contents)
    {
        var batch = new MessageBatchRequest([.. contents.Select((c, i) => new MessageRequest(i % 2 == 0 ? MessageRole.User : MessageRole.Assistant, c))]);
        var response = await api.PostAsJsonAsync($"/v1/sessions/{sessionId}/messages/batch", batch, Json.Options);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
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

    /// <summary>Whether Chroma still has the tenant's knowledge or memory collection of the vector space.</summary>
    private async Task<bool> CollectionsExistAsync(WorkerHost worker, string vectorSpace)
    {
        var collections = worker.Services.GetRequiredService<IVectorCollections>();
        var database = worker.Services.GetRequiredService<ChromaVectorIndexOptions>().ChromaDatabase;
        foreach (var index in new[] { collections.Knowledge(vectorSpace), collections.Memory(vectorSpace) })
        {
            var name = (await index.StatsAsync(Tenant, CancellationToken.None)).Collection;
            if (await _chroma.Client.GetCollectionAsync(database, name, CancellationToken.None) is not null)
                return true;
        }
        return false;
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

    /// <summary>Each query's semantic memory hits over the first messages: message id with its raw similarity to 5 decimals.</summary>
    private static async Task<List<string>> MemoryScoresAsync(HttpClient search)
    {
        var answers = new List<string>();
        foreach (var query in Queries)
        {
            var response = await HttpAssert.OkJsonAsync<MemorySearchResponse>(await search.PostAsJsonAsync("/v1/memory/search",
                new MemorySearchRequest(query, SearchMode.Semantic, Limit: Messages.Length, Explain: true), Json.Options));
            Assert.Empty(response.Warnings);
            Assert.NotEmpty(response.Hits);
            answers.AddRange(response.Hits.Where(h => Messages.Contains(h.Text)).Select(h =>
                $"'{query}': {h.Id} {h.Explain?.GetValueOrDefault(KnowledgeSearchService.SemanticEngine)?.RawScore:F5}"));
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
                Assert.Empty(response.Warnings);
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
