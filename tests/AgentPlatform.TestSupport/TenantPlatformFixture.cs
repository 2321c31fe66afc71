// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.AnalyticsApi;
using AgentPlatform.Domain;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Indexing;
using AgentPlatform.Tests.SearchApi;
using AgentPlatform.Tests.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Reliability;

/// <summary>What one tenant wrote through Ingestion.Api. Each tenant has words, names and ids of its own, so that a
/// search, filter or report that reached the other tenant's data would show it. Tenant A's entries after the first
/// two do not contain its word: probes copy them into tenant B.</summary>
public sealed record TenantData(
    string TenantId, string Key, string AgentId, string UserId, string Word, string Category, string Tag,
    IReadOnlyList<KnowledgeResponse> Entries, Guid SessionId, int Interactions, int Messages)
{
    /// <summary>States written for the agent: "memory" and "plan", one version each.</summary>
    public static readonly string[] StateTypes = ["memory", "plan"];

    public IReadOnlyList<Guid> EntryIds => [.. Entries.Select(e => e.Id)];
}

/// <summary>The whole platform in-process on one local backend: Embedding.Worker (its loop removed, so indexing runs
/// when a test drains it), Ingestion.Api, Search.Api and Analytics.Api on the worker's SQLite files, Lucene directory
/// and Chroma database (a Chroma server of this collection's own). Tenants A and B each wrote knowledge, a session with
/// interactions and messages, and agent state through Ingestion.Api; the worker indexed the knowledge into Chroma,
/// Lucene and the document store, and the messages into Lucene. Rate limits are far above what the tests send.</summary>
public sealed class TenantPlatformFixture : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Unlimited = new() { ["AgentPlatform:RateLimit:PermitsPerSecond"] = "1000000" };
    private readonly ChromaServerFixture _chroma = new();

    /// <summary>The Chroma server every service of the fixture uses.</summary>
    public ChromaServerFixture Chroma => _chroma;
    public WorkerHost Worker { get; private set; } = null!;
    public ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint> Ingestion { get; private set; } = null!;
    public SearchHost Search { get; private set; } = null!;
    public ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports> Analytics { get; private set; } = null!;
    public TenantData A { get; private set; } = null!;
    public TenantData B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _chroma.InitializeAsync();
        Worker = new WorkerHost(_chroma, Unlimited);
        await Worker.StartAsync();
        var shared = Worker.SharedStoreSettings();
        foreach (var (key, value) in Unlimited) shared[key] = value;
        Ingestion = new ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: shared);
        Search = new SearchHost(shared, _chroma.Endpoint.ToString());
        Analytics = new ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports>(settings: shared);

        A = await WriteAsync(SearchFixture.TenantA, ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey, "lighthouse", "maritime",
            ["Polishing the lighthouse lens", "Lighthouse keepers polish the brass lens every Tuesday at dawn."],
            ["Lighthouse fog signals", "The lighthouse foghorn sounds twice a minute while fog covers the harbour."],
            ["Harbour tide tables", "Tide tables for the quay are printed on the first Monday of each month."],
            ["Rowing boat moorings", "Moor rowing boats to the iron rings along the jetty before nightfall."]);
        B = await WriteAsync(SearchFixture.TenantB, ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey, "greenhouse", "botany",
            ["Greenhouse irrigation", "Greenhouse tomatoes are watered by drip lines every morning."],
            ["Greenhouse ventilation", "Open the greenhouse roof vents when the thermometer passes twenty-five degrees."]);
        await DrainAsync();
        foreach (var (tenant, entry) in new[] { A, B }.SelectMany(t => t.Entries.Select(e => (t, e))))
        {
            var stored = await Worker.Knowledge.GetAsync(tenant.TenantId, entry.Id, CancellationToken.None);
            if (stored?.Status != KnowledgeStatus.Indexed)
                throw new InvalidOperationException($"Fixture entry '{entry.Title}' is {stored?.Status}: {stored?.Error}");
        }
        await Search.ClientAsync();
        await Analytics.ClientAsync();
    }

    /// <summary>A client of a service for a key (null: none), once the service reports every store ready.</summary>
    public Task<HttpClient> ClientAsync(PlatformService service, string? apiKey) => service switch
    {
        PlatformService.Ingestion => Ingestion.ClientAsync(apiKey),
        PlatformService.Search => Search.ClientAsync(apiKey),
        _ => Analytics.ClientAsync(apiKey),
    };

    /// <summary>Runs the worker until every queued knowledge change and every unindexed message is indexed.</summary>
    public async Task DrainAsync()
    {
        await Worker.DrainAsync();
        await using var scope = Worker.Services.CreateAsyncScope();
        var conversations = scope.ServiceProvider.GetRequiredService<ConversationIndexer>();
        while (await conversations.RunRoundAsync(CancellationToken.None) > 0) { }
    }

    /// <summary>A tenant's records in every store: the relational and document SQLite files (read from the files),
    /// its knowledge and conversation documents in Lucene and its chunk vectors in Chroma.</summary>
    public async Task<string> RecordsOfAsync(TenantData tenant)
    {
        var files = await StoreRecords.ReadAsync(Worker.DataDirectory, tenant.TenantId);
        var all = new FullTextAggregationRequest(tenant.TenantId, new SearchFilter());
        var knowledge = await Worker.FullText.AggregateAsync(FullTextIndexName.Knowledge, all, CancellationToken.None);
        var messages = await Worker.FullText.AggregateAsync(FullTextIndexName.Conversations, all, CancellationToken.None);
        var vectors = await Worker.Vectors.CountAsync(tenant.TenantId, CancellationToken.None);
        return $"{files}, fulltext knowledge={knowledge.Count}, fulltext conversations={messages.Count}, vectors={vectors}";
    }

    private async Task<TenantData> WriteAsync(string tenantId, string key, string word, string category, params string[][] entries)
    {
        var client = await Ingestion.ClientAsync(key);
        var agent = $"{word}-agent";
        var user = $"{word}-user";
        var tag = $"{word}-tag";
        var written = new List<KnowledgeResponse>();
        foreach (var entry in entries)
        {
            written.Add(await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.PostAsJsonAsync("/v1/knowledge",
                new { title = entry[0], content = entry[1], category, tags = new[] { tag }, agentId = agent }), HttpStatusCode.Accepted));
        }
        var session = await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync("/v1/sessions", new { agentId = agent, userId = user }), HttpStatusCode.Created);
        var sessionId = session.GetProperty("id").GetGuid();
        var interactions = new[]
        {
            new { type = "query", input = $"Where is the {word}?", output = $"The {word} is north.", intent = $"{word}-intent", processingTimeMs = 40 },
            new { type = "response", input = $"Describe the {word}.", output = $"A tall {word}.", intent = $"{word}-intent", processingTimeMs = 60 },
        };
        await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync($"/v1/sessions/{sessionId}/interactions/batch", new { interactions }));
        var messages = new[]
        {
            new { role = "user", content = $"Tell me about the {word} please.", userId = user },
            new { role = "assistant", content = $"The {word} was built long ago.", userId = user },
        };
        await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync($"/v1/sessions/{sessionId}/messages/batch", new { messages }));
        foreach (var stateType in TenantData.StateTypes)
        {
            await HttpAssert.OkJsonAsync<JsonElement>(await client.PutAsJsonAsync($"/v1/agents/{agent}/state/{stateType}", new { step = 1, word }),
                HttpStatusCode.Created);
        }
        return new TenantData(tenantId, key, agent, user, word, category, tag, written, sessionId, interactions.Length, messages.Length);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new IAsyncDisposable?[] { Analytics, Search, Ingestion, Worker })
        {
            if (service is not null) await service.DisposeAsync();
        }
        await _chroma.DisposeAsync();
    }
}

/// <summary>The three HTTP services of the platform.</summary>
public enum PlatformService { Ingestion, Search, Analytics }
