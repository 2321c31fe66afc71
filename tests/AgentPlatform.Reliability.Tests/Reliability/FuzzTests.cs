// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class FuzzTests(FuzzApiFactory factory) : IClassFixture<FuzzApiFactory>
{
    private const int RandomCases = 1100;

    [Fact]
    public async Task Over_a_thousand_bad_requests_get_4xx_problem_details_and_change_no_record()
    {
        var client = await factory.ClientAsync(apiKey: null);
        var targets = await SeedAsync(await factory.ClientAsync());
        var cases = new BadRequestGenerator(new Random(FuzzRunner.Seed), targets).Generate(RandomCases);
        var before = await CountRecordsAsync();

        await FuzzRunner.AssertAllAsExpectedAsync(client, cases, minimum: 1000);

        Assert.Equal(before, await CountRecordsAsync());
    }

    /// <summary>Tenant A's records the bad requests aim at: an entry, a session with an interaction and a message, a state,
    /// and a message of a second session.</summary>
    private static async Task<FuzzTargets> SeedAsync(HttpClient tenantA)
    {
        var entry = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await tenantA.PostAsJsonAsync("/v1/knowledge",
            new { title = "Fuzz target", content = "The entry bad requests aim at.", tags = new[] { "fuzz" } }), System.Net.HttpStatusCode.Accepted);
        var session = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync("/v1/sessions", new { agentId = "fuzz-agent" }), System.Net.HttpStatusCode.Created);
        var sessionId = session.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync($"/v1/sessions/{sessionId}/interactions",
            new { type = "query", input = "seed question" }), System.Net.HttpStatusCode.Created);
        await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync($"/v1/sessions/{sessionId}/messages",
            new { role = "user", content = "seed message" }), System.Net.HttpStatusCode.Created);
        var otherSession = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync("/v1/sessions", new { agentId = "fuzz-agent" }), System.Net.HttpStatusCode.Created);
        var otherSessionMessage = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync($"/v1/sessions/{otherSession.GetProperty("id").GetGuid()}/messages",
            new { role = "user", content = "another session's message" }), System.Net.HttpStatusCode.Created);
        await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PutAsJsonAsync("/v1/agents/fuzz-agent/state/memory", new { step = 1 }), System.Net.HttpStatusCode.Created);
        return new FuzzTargets(entry.Id, sessionId, "fuzz-agent", "memory") { OtherSessionMessageId = otherSessionMessage.GetProperty("id").GetGuid() };
    }

    /// <summary>Rows per table of both SQLite files with their breakdowns: any accepted write, update, status change or delete shows here.</summary>
    private Task<string> CountRecordsAsync() => StoreRecords.ReadAsync(factory.DataDirectory);
}
