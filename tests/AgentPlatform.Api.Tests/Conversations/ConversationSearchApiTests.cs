// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.Domain;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.EmbeddingWorker.Indexing.Projections;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Documents.Sqlite;
using AgentPlatform.Storage.FullText.Lucene;
using AgentPlatform.Storage.Vectors.Chroma;
using AgentPlatform.SearchApi.Apis;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Conversations;

/// <summary>Search.Api in-process on the local backend, with conversation messages stored in its documents file and
/// indexed into its Lucene directory by the worker's ConversationIndexer, as the Embedding.Worker process would.
/// Conversation search never touches Chroma: the vectors endpoint points at a closed port and its initializer is left
/// out, so the store readiness gate opens without it.</summary>
public sealed class ConversationSearchFixture() : ServiceFactory<AgentPlatform.SearchApi.Searching.KnowledgeSearchService>(chromaEndpoint: "http://127.0.0.1:9"), IAsyncLifetime
{
    public static readonly DateTimeOffset T0 = new(2025, 5, 5, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid SessionA1 = Guid.NewGuid(), SessionA2 = Guid.NewGuid(), SessionA3 = Guid.NewGuid(), SessionB1 = Guid.NewGuid();
    public const string LongTail = "zeppelin";

    public Dictionary<string, ConversationMessage> Messages { get; } = new()
    {
        ["charge"] = Message("tenant-a", SessionA1, "support", "alice", MessageRole.User, "My invoice shows a duplicate charge.", T0),
        ["refund"] = Message("tenant-a", SessionA1, "support", "alice", MessageRole.Assistant, "I refunded the duplicate charge on your invoice.", T0.AddMinutes(1)),
        ["discount"] = Message("tenant-a", SessionA2, "sales", "bob", MessageRole.User, "Can I get a discount on the annual invoice?", T0.AddDays(1)),
        ["crash"] = Message("tenant-a", SessionA3, "support", "bob", MessageRole.User, "The mobile app crashes on login.", T0.AddDays(2)),
        ["long"] = Message("tenant-a", SessionA3, "support", "bob", MessageRole.Tool,
            string.Concat(Enumerable.Repeat("Diagnostic log line without anything notable. ", 40)) + LongTail + " sighted.", T0.AddDays(2).AddMinutes(5)),
        ["other-tenant"] = Message("tenant-b", SessionB1, "support", "alice", MessageRole.User, "An invoice question from tenant B.", T0.AddDays(1)),
    };

    public HttpClient TenantA { get; private set; } = null!;
    public HttpClient TenantB { get; private set; } = null!;

    private static ConversationMessage Message(string tenant, Guid session, string agent, string user, MessageRole role, string content, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), TenantId = tenant, SessionId = session, AgentId = agent, UserId = user, Role = role, Content = content, CreatedAt = at,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var chroma = services.Single(s => s.ServiceType == typeof(IStoreInitializer) && s.ImplementationType == typeof(ChromaStoreInitializer));
            services.Remove(chroma);
        });
    }

    public async ValueTask InitializeAsync()
    {
        TenantA = await ReadyClientAsync(TenantAKey);
        TenantB = await ReadyClientAsync(TenantBKey);
        // The worker's side: its own store and Lucene writer on the service's files.
        var store = new SqliteConversationStore(new SqliteDocumentDatabase($"Data Source={Path.Combine(DataDirectory, "documents.db")}"));
        await store.AppendAsync([.. Messages.Values], CancellationToken.None);
        using var fullText = new LuceneFullTextIndex(Path.Combine(DataDirectory, "lucene"));
        var indexer = new ConversationIndexer(store, [new MessageFullTextProjection(fullText)], new IndexingMetrics(TimeProvider.System),
            Options.Create(new IndexingOptions()), TimeProvider.System, NullLogger<ConversationIndexer>.Instance);
        while (await indexer.RunRoundAsync(CancellationToken.None) > 0) { }
    }

    /// <summary>A client once the readiness gate lets /v1 requests through (/health stays unhealthy: nothing answers for vectors).</summary>
    private async Task<HttpClient> ReadyClientAsync(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        await Eventually.AnswersAsync("Search.Api stores ready", ct => client.PostAsJsonAsync("/v1/conversations/search", new { query = "ready" }, ct),
            answer => answer.Status is { } status && status != HttpStatusCode.ServiceUnavailable);
        return client;
    }
}

[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ConversationSearchApiTests(ConversationSearchFixture service) : IClassFixture<ConversationSearchFixture>
{
    private ConversationMessage Seeded(string key) => service.Messages[key];

    private static async Task<ConversationSearchResponse> SearchAsync(HttpClient client, object request) =>
        await HttpAssert.OkJsonAsync<ConversationSearchResponse>(await client.PostAsJsonAsync("/v1/conversations/search", request));

    private IEnumerable<Guid> Ids(params string[] keys) => keys.Select(k => Seeded(k).Id).Order();

    private static IEnumerable<Guid> HitIds(ConversationSearchResponse response) => response.Hits.Select(h => h.MessageId).Order();

    [Fact]
    public async Task Finds_the_tenants_matching_messages_with_their_session_agent_role_and_highlights()
    {
        var response = await SearchAsync(service.TenantA, new { query = "invoice" });

        Assert.Equal(Ids("charge", "refund", "discount"), HitIds(response));
        Assert.Equal(3, response.Total);
        Assert.Equal("invoice", response.Query);
        var refund = Seeded("refund");
        var hit = response.Hits.Single(h => h.MessageId == refund.Id);
        Assert.Equal((ConversationSearchFixture.SessionA1, "support", "alice", MessageRole.Assistant, refund.Content, refund.CreatedAt),
            (hit.SessionId, hit.AgentId, hit.UserId, hit.Role, hit.Snippet, hit.CreatedAt));
        Assert.Contains(hit.Highlights, h => h.Contains("<em>invoice</em>"));
        Assert.True(hit.Score > 0);
    }

    [Fact]
    public async Task Tolerates_a_typo_and_matches_word_forms()
    {
        Assert.Equal(Ids("charge", "refund", "discount"), HitIds(await SearchAsync(service.TenantA, new { query = "invoce" })));
        Assert.Equal(Ids("crash"), HitIds(await SearchAsync(service.TenantA, new { query = "crashing" })));
    }

    [Fact]
    public async Task Filters_by_agent_session_user_and_time()
    {
        var a = service.TenantA;
        var t0 = ConversationSearchFixture.T0;

        Assert.Equal(Ids("discount"), HitIds(await SearchAsync(a, new { query = "invoice", agentId = "sales" })));
        Assert.Equal(Ids("charge", "refund"), HitIds(await SearchAsync(a, new { query = "invoice", sessionId = ConversationSearchFixture.SessionA1.ToString("N").ToUpperInvariant() })));
        Assert.Equal(Ids("discount"), HitIds(await SearchAsync(a, new { query = "invoice", userId = "bob" })));
        Assert.Equal(Ids("discount"), HitIds(await SearchAsync(a, new { query = "invoice", from = t0.AddHours(12) })));
        // "to" is exclusive: the reply at T0 + 1 minute is left out.
        Assert.Equal(Ids("charge"), HitIds(await SearchAsync(a, new { query = "invoice", to = t0.AddMinutes(1) })));
        Assert.Equal(Ids("refund"), HitIds(await SearchAsync(a, new { query = "invoice", agentId = "support", from = t0.AddMinutes(1), to = t0.AddDays(1) })));
        Assert.Empty((await SearchAsync(a, new { query = "invoice", userId = "bob", agentId = "support" })).Hits);
    }

    [Fact]
    public async Task Tenants_see_only_their_own_messages()
    {
        var ofB = await SearchAsync(service.TenantB, new { query = "invoice" });
        var bAskingForA = await SearchAsync(service.TenantB, new { query = "invoice", sessionId = ConversationSearchFixture.SessionA1 });
        var aAskingForB = await SearchAsync(service.TenantA, new { query = "question", sessionId = ConversationSearchFixture.SessionB1 });

        Assert.Equal(Ids("other-tenant"), HitIds(ofB));
        Assert.Equal(1, ofB.Total);
        Assert.Empty(bAskingForA.Hits);
        Assert.Empty(aAskingForB.Hits);
        Assert.Equal(0, aAskingForB.Total);
    }

    [Fact]
    public async Task Pages_with_offset_and_limit_over_a_stable_total()
    {
        var pages = new List<ConversationSearchResponse>();
        for (var offset = 0; offset < 4; offset++)
            pages.Add(await SearchAsync(service.TenantA, new { query = "invoice", limit = 1, offset }));

        Assert.All(pages, page => Assert.Equal(3, page.Total));
        Assert.Equal([1, 1, 1, 0], pages.Select(p => p.Hits.Count));
        Assert.Equal(Ids("charge", "refund", "discount"), pages.SelectMany(p => p.Hits).Select(h => h.MessageId).Order());
        var all = await SearchAsync(service.TenantA, new { query = "invoice", limit = 3 });
        Assert.Equal(all.Hits.Select(h => h.MessageId), pages.SelectMany(p => p.Hits).Select(h => h.MessageId));
    }

    [Fact]
    public async Task A_long_message_comes_back_as_a_snippet_with_highlights_where_it_matched()
    {
        var response = await SearchAsync(service.TenantA, new { query = ConversationSearchFixture.LongTail });

        var hit = Assert.Single(response.Hits);
        Assert.Equal(MessageRole.Tool, hit.Role);
        Assert.Equal(Seeded("long").Content[..ConversationSearchApi.SnippetLength] + "…", hit.Snippet);
        Assert.Contains(hit.Highlights, h => h.Contains($"<em>{ConversationSearchFixture.LongTail}</em>"));
    }

    [Fact]
    public async Task Invalid_requests_get_400_naming_each_field()
    {
        using var response = await service.TenantA.PostAsJsonAsync("/v1/conversations/search", new
        {
            query = " ",
            limit = 101,
            offset = -1,
            sessionId = "not-a-session",
            agentId = new string('a', 129),
            userId = "",
            from = ConversationSearchFixture.T0.AddDays(1),
            to = ConversationSearchFixture.T0,
        });

        var errors = (await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["agentId", "from", "limit", "offset", "query", "sessionId", "userId"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("100", errors.GetProperty("limit")[0].GetString());
    }

    [Theory]
    [InlineData(0, 0, "limit")]
    [InlineData(10, 9_991, "offset")]
    public async Task Limits_outside_their_range_are_named(int limit, int offset, string field)
    {
        using var response = await service.TenantA.PostAsJsonAsync("/v1/conversations/search", new { query = "invoice", limit, offset });

        var errors = (await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Requests_without_a_key_get_401()
    {
        using var anonymous = service.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/v1/conversations/search", new { query = "invoice" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
