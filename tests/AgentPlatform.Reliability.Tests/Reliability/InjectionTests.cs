// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>SQL, MongoDB, Lucene/Elasticsearch and Chroma syntax in ids and filters is data: it matches only records
/// that carry exactly that string, in the caller's tenant.</summary>
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class InjectionTests(InjectionApiFactory factory) : IClassFixture<InjectionApiFactory>
{
    /// <summary>Hostile strings that fit a path segment unchanged ('/' would split it).</summary>
    private static readonly string[] Hostile = BadRequestGenerator.InjectionStrings.Where(s => !s.Contains('/')).ToArray();

    private static string Segment(string value) => Uri.EscapeDataString(value);

    [Fact]
    public async Task Hostile_ids_and_filters_match_nothing_when_no_record_carries_them()
    {
        var client = await factory.ClientAsync();
        await CreateSessionAsync(client, "planner");
        await CreateSessionAsync(client, "planner-2");
        using (var state = await client.PutAsJsonAsync("/v1/agents/planner/state/memory", new { step = 1 }))
            Assert.Equal(HttpStatusCode.Created, state.StatusCode);

        foreach (var hostile in Hostile.Concat(["planner%", "plan*", "_lanner", "planner' --"]))
        {
            Assert.Equal(0, await TotalAsync(client, $"/v1/agents/{Segment(hostile)}/sessions"));
            Assert.Equal(0, await TotalAsync(client, $"/v1/agents/{Segment(hostile)}/state/{Segment(hostile)}/history"));
            await HttpAssert.ProblemAsync(await client.GetAsync($"/v1/agents/{Segment(hostile)}/state/memory"), HttpStatusCode.NotFound);
            await HttpAssert.ProblemAsync(await client.GetAsync($"/v1/agents/planner/state/{Segment(hostile)}"), HttpStatusCode.NotFound);
            await HttpAssert.ProblemAsync(await client.GetAsync($"/v1/knowledge?status={Segment(hostile)}"), HttpStatusCode.BadRequest);
            await HttpAssert.ProblemAsync(await client.GetAsync($"/v1/agents/planner/sessions?status={Segment(hostile)}"), HttpStatusCode.BadRequest);
        }
        Assert.Equal(1, await TotalAsync(client, "/v1/agents/planner/sessions"));
    }

    [Fact]
    public async Task Hostile_values_are_stored_and_found_as_exact_literals_in_their_tenant_only()
    {
        var tenantA = await factory.ClientAsync();
        var tenantB = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
        var bystander = "bystander-" + Guid.NewGuid().ToString("N")[..8];
        await CreateSessionAsync(tenantA, bystander);

        foreach (var hostile in Hostile)
        {
            var agent = hostile + " " + bystander;
            var sessionId = await CreateSessionAsync(tenantA, agent);
            var sessions = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.GetAsync($"/v1/agents/{Segment(agent)}/sessions"));
            Assert.Equal(sessionId, Assert.Single(sessions.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
            Assert.Equal(agent, sessions.GetProperty("items")[0].GetProperty("agentId").GetString());

            await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync($"/v1/sessions/{sessionId}/messages", new { role = "user", content = hostile }), HttpStatusCode.Created);
            var messages = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.GetAsync($"/v1/sessions/{sessionId}/messages"));
            Assert.Equal(hostile, Assert.Single(messages.GetProperty("items").EnumerateArray()).GetProperty("content").GetString());

            var stateUrl = $"/v1/agents/{Segment(agent)}/state/{Segment(hostile)}";
            using (var put = await tenantA.PutAsJsonAsync(stateUrl, new { value = hostile }))
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            var state = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.GetAsync(stateUrl));
            Assert.Equal((agent, hostile, hostile), (state.GetProperty("agentId").GetString(), state.GetProperty("stateType").GetString(),
                state.GetProperty("data").GetProperty("value").GetString()));

            var entry = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
                await tenantA.PostAsJsonAsync("/v1/knowledge", new { title = hostile, content = hostile + " " + bystander, category = hostile, tags = new[] { hostile } }),
                HttpStatusCode.Accepted);
            var read = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await tenantA.GetAsync(entry.StatusUrl));
            Assert.Equal((hostile, hostile + " " + bystander, hostile), (read.Title, read.Content, read.Category));
            Assert.Equal([hostile.Trim().ToLowerInvariant()], read.Tags);

            Assert.Equal(0, await TotalAsync(tenantB, $"/v1/agents/{Segment(agent)}/sessions"));
            await HttpAssert.ProblemAsync(await tenantB.GetAsync(stateUrl), HttpStatusCode.NotFound);
            await HttpAssert.ProblemAsync(await tenantB.GetAsync(entry.StatusUrl), HttpStatusCode.NotFound);
        }

        // The bystander's agent still has exactly its own session: no hostile id matched it.
        Assert.Equal(1, await TotalAsync(tenantA, $"/v1/agents/{bystander}/sessions"));
    }

    private static async Task<Guid> CreateSessionAsync(HttpClient client, string agentId) =>
        (await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync("/v1/sessions", new { agentId }), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

    private static async Task<long> TotalAsync(HttpClient client, string url) =>
        (await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync(url))).GetProperty("total").GetInt64();
}
