// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Tests.Relational;
using AgentPlatform.Contracts;
using System.Net.Http.Json;
using AgentPlatform.AnalyticsApi;
using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using AgentPlatform.Tests.Api;
using Bogus;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Analytics;

[CollectionDefinition(Name)]
public sealed class AnalyticsFlowCollection : ICollectionFixture<AnalyticsFlowFixture>
{
    public const string Name = "analytics flow";
}

/// <summary>Ingestion.Api and Analytics.Api hosted in-process on the same SQLite files (Analytics.Api on Kestrel, so a
/// browser can reach it), and a simulated agent run written through Ingestion.Api: tenant A's sessions of three
/// agents, 1,000 interactions dated over the last 7 days (some failed), messages and knowledge entries, some indexed and
/// some failed; the messages are also put in Analytics.Api's conversations index, as the worker would.
/// What the APIs answered is kept, so the tests can work out every figure on their own.</summary>
public sealed class AnalyticsFlowFixture : IAsyncLifetime
{
    public const int InteractionCount = 1_000;
    public static readonly string[] Agents = ["support-bot", "planner", "coder"];
    private static readonly string[] Intents = ["billing", "refund", "password-reset", "order-status", "shipping", "cancel", "upgrade", "complaint"];

    public ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint> Ingestion { get; } = new();
    public ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports> Analytics { get; }

    public List<AgentSession> Sessions { get; } = [];
    public List<AgentInteraction> Interactions { get; } = [];
    public List<ConversationMessage> Messages { get; } = [];
    public List<KnowledgeResponse> KnowledgeEntries { get; } = [];

    public AnalyticsFlowFixture()
    {
        Analytics = new ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports>(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:relational"] = $"Data Source={Path.Combine(Ingestion.DataDirectory, "relational.db")}",
            ["ConnectionStrings:documents"] = $"Data Source={Path.Combine(Ingestion.DataDirectory, "documents.db")}",
        });
        Analytics.UseKestrel(0);
    }

    /// <summary>A client of the Kestrel-hosted Analytics.Api for a tenant's key (none: anonymous).</summary>
    public Task<HttpClient> AnalyticsClientAsync(string? apiKey = ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports>.TenantAKey) => Analytics.ClientAsync(apiKey);

    public async ValueTask InitializeAsync()
    {
        var ingestion = await Ingestion.ClientAsync();
        await Analytics.ClientAsync();
        var faker = new Faker { Random = new Randomizer(20250301) };
        var now = DateTimeOffset.UtcNow;

        foreach (var agent in Agents)
        {
            for (var i = 0; i < 3; i++)
            {
                using var created = await ingestion.PostAsJsonAsync("/v1/sessions",
                    new { agentId = agent, userId = faker.Internet.UserName(), metadata = new { channel = faker.PickRandom("web", "slack", "api") } });
                Sessions.Add(await HttpAssert.OkJsonAsync<AgentSession>(created, System.Net.HttpStatusCode.Created));
            }
        }

        var planned = Enumerable.Range(0, InteractionCount).Select(_ => (Session: faker.PickRandom(Sessions), Success: faker.Random.Bool(0.8f))).Select(p => new
        {
            p.Session,
            Request = new
            {
                success = p.Success,
                errorMessage = p.Success ? null : faker.PickRandom("tool timed out", "rate limited", null),
                type = faker.PickRandom<InteractionType>(),
                input = faker.Lorem.Sentence(),
                output = faker.Lorem.Sentence(),
                intent = faker.Random.Bool(0.9f) ? faker.PickRandom(Intents) : null,
                // Mostly quick, with a slow tail, so p95 sits well above p50.
                processingTimeMs = faker.Random.Bool(0.9f) ? faker.Random.Int(5, 800) : faker.Random.Int(800, 6_000),
                createdAt = now - TimeSpan.FromSeconds(faker.Random.Double(0, TimeSpan.FromDays(7).TotalSeconds)),
            },
        }).ToList();
        foreach (var (session, requests) in planned.GroupBy(p => p.Session).Select(g => (g.Key, g.Select(p => p.Request).ToList())))
        {
            foreach (var chunk in requests.Chunk(AgentPlatform.IngestionApi.Services.SessionService.MaxInteractionBatch))
            {
                using var response = await ingestion.PostAsJsonAsync($"/v1/sessions/{session.Id}/interactions/batch", new { interactions = chunk }, Json.Options);
                Interactions.AddRange(await HttpAssert.OkJsonAsync<List<AgentInteraction>>(response));
            }
            var messages = Enumerable.Range(0, faker.Random.Int(4, 12))
                .Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = faker.Lorem.Paragraph() }).ToList();
            using var appended = await ingestion.PostAsJsonAsync($"/v1/sessions/{session.Id}/messages/batch", new { messages }, Json.Options);
            Messages.AddRange(await HttpAssert.OkJsonAsync<List<ConversationMessage>>(appended));
        }

        // Some sessions end (their duration counts); the others stay active.
        foreach (var (session, index) in Sessions.ToList().Select((s, i) => (s, i)).Where(p => p.i % 2 == 0))
        {
            await Task.Delay(faker.Random.Int(5, 40));
            using var ended = await ingestion.PostAsync($"/v1/sessions/{session.Id}/end", null);
            Sessions[index] = await HttpAssert.OkJsonAsync<AgentSession>(ended);
        }

        await AddKnowledgeAsync(ingestion, faker);
        await Analytics.Services.GetRequiredService<IFullTextIndex>().IndexAsync(FullTextIndexName.Conversations,
            [.. Messages.Select(ConversationDocuments.ToFullTextDocument)], CancellationToken.None);
    }

    /// <summary>Twelve entries through the API, each of a random agent or of none; then, standing in for the worker, seven
    /// are marked indexed and three failed. The entries are read back afterwards, so their status, times and agent are
    /// what the store holds.</summary>
    private async Task AddKnowledgeAsync(HttpClient ingestion, Faker faker)
    {
        // 0..2: an agent; 3 (Agents.Length): no agent.
        static string? AgentOrNone(int pick) => pick < Agents.Length ? Agents[pick] : null;
        var entries = Enumerable.Range(0, 12).Select(i => new
        {
            title = $"{faker.Commerce.ProductName()} guide {i}",
            content = faker.Lorem.Paragraphs(2),
            // The first four cover every agent and no agent; the rest are drawn at random.
            agentId = AgentOrNone(i <= Agents.Length ? i : faker.Random.Int(0, Agents.Length)),
        }).ToList();
        using var response = await ingestion.PostAsJsonAsync("/v1/knowledge/batch", new { entries });
        var batch = await HttpAssert.OkJsonAsync<KnowledgeBatchResponse>(response);

        var outbox = Ingestion.Services.GetRequiredService<IKnowledgeOutbox>();
        var claimed = await outbox.ClaimMessagesAsync(100, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(entries.Count, claimed.Count);
        foreach (var message in claimed.Take(7))
            await outbox.CompleteUpsertAsync([message], DateTimeOffset.UtcNow, CancellationToken.None);
        foreach (var message in claimed.Skip(7).Take(3))
            await outbox.FailAsync(message, "embedding service unavailable", retryAt: null, CancellationToken.None);

        foreach (var item in batch.Items)
            KnowledgeEntries.Add(await HttpAssert.OkJsonAsync<KnowledgeResponse>(await ingestion.GetAsync(item.StatusUrl)));
    }

    public async ValueTask DisposeAsync()
    {
        await Analytics.DisposeAsync();
        await Ingestion.DisposeAsync();
    }
}
