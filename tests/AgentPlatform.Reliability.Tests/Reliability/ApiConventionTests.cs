// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.Tests.Reliability;

namespace AgentPlatform.Tests.Api;

/// <summary>One API convention over Ingestion.Api, Search.Api and Analytics.Api: one id rule with one text wherever an
/// id is taken (written, filtered on or in a path), one If-Match reading, and one status per version failure (412
/// stale, 428 missing), whichever resource it is. Every request here is refused, so the shared fixture's records stay
/// as they are.</summary>
[Collection(TenantPlatformCollection.Name)]
public sealed class ApiConventionTests(TenantPlatformFixture platform)
{
    /// <summary>Each place an agent id is taken: the service, the request, and the field the 400 names.</summary>
    private static IEnumerable<(PlatformService Service, Func<HttpClient, string, Task<HttpResponseMessage>> Send, string Field)> AgentIdPlaces()
    {
        yield return (PlatformService.Ingestion, (c, id) => c.PostAsJsonAsync("/v1/sessions", new { agentId = id }), "agentId");
        yield return (PlatformService.Ingestion, (c, id) => c.PostAsJsonAsync("/v1/knowledge", new { title = "t", content = "c", agentId = id }), "agentId");
        yield return (PlatformService.Ingestion, (c, id) => c.GetAsync($"/v1/knowledge?agentId={Uri.EscapeDataString(id)}"), "agentId");
        yield return (PlatformService.Ingestion, (c, id) => c.GetAsync($"/v1/agents/{Uri.EscapeDataString(id)}/sessions"), "agentId");
        yield return (PlatformService.Search, (c, id) => c.PostAsJsonAsync("/v1/search", new { query = "lens", filters = new { agentId = id } }), "filters.agentId");
        yield return (PlatformService.Search, (c, id) => c.PostAsJsonAsync("/v1/memory/search", new { query = "lens", filters = new { agentId = id } }), "filters.agentId");
        yield return (PlatformService.Search, (c, id) => c.PostAsJsonAsync("/v1/conversations/search", new { query = "lens", agentId = id }), "agentId");
        yield return (PlatformService.Analytics, (c, id) => c.GetAsync($"/v1/agents/{Uri.EscapeDataString(id)}/analytics"), "agentId");
    }

    [Theory]
    [InlineData("long", "{0} is longer than 128 characters.")]
    [InlineData("control", "{0} must not contain control characters.")]
    [InlineData("bidi", "{0} must not contain bidi controls or a byte order mark.")]
    public async Task An_agent_id_that_breaks_the_id_rule_gets_the_same_400_text_on_every_service(string kind, string text)
    {
        var id = kind switch { "long" => new string('a', 129), "control" => "a\u0001b", _ => "a\u202Eb" };
        foreach (var (service, send, field) in AgentIdPlaces())
        {
            var client = await platform.ClientAsync(service, platform.A.Key);
            var problem = await HttpAssert.ProblemAsync(await send(client, id), HttpStatusCode.BadRequest);
            Assert.Equal([string.Format(text, field)], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task A_malformed_if_match_is_a_400_naming_the_header_on_every_versioned_resource()
    {
        var client = await platform.ClientAsync(PlatformService.Ingestion, platform.A.Key);
        foreach (var request in VersionedPuts("3"))
        {
            var problem = await HttpAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
            Assert.Equal("If-Match must be a quoted version number, e.g. \"3\".", problem.GetProperty("errors").GetProperty("If-Match")[0].GetString());
        }
    }

    [Fact]
    public async Task A_stale_if_match_is_412_on_every_versioned_resource_and_a_missing_one_on_existing_state_is_428()
    {
        var client = await platform.ClientAsync(PlatformService.Ingestion, platform.A.Key);
        foreach (var request in VersionedPuts("\"999\""))
        {
            var problem = await HttpAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.PreconditionFailed);
            Assert.Equal("Version mismatch", problem.GetProperty("title").GetString());
            Assert.Contains("If-Match was \"999\" but the current version is ", problem.GetProperty("detail").GetString());
        }
        var missing = await HttpAssert.ProblemAsync(
            await client.PutAsJsonAsync($"/v1/agents/{platform.A.AgentId}/state/{TenantData.StateTypes[0]}", new { step = 2 }), (HttpStatusCode)428);
        Assert.Contains("send If-Match: \"1\"", missing.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Replacing_an_entry_with_another_entrys_text_is_a_409_that_changes_nothing()
    {
        var client = await platform.ClientAsync(PlatformService.Ingestion, platform.A.Key);
        var (kept, other) = (platform.A.Entries[0], platform.A.Entries[1]);

        var problem = await HttpAssert.ProblemAsync(
            await client.PutAsJsonAsync($"/v1/knowledge/{other.Id}", new { title = kept.Title, content = kept.Content }), HttpStatusCode.Conflict);

        Assert.Equal("Duplicate content", problem.GetProperty("title").GetString());
        var after = await HttpAssert.OkJsonAsync<Contracts.KnowledgeResponse>(await client.GetAsync($"/v1/knowledge/{other.Id}"));
        Assert.Equal((other.Title, other.Content, other.Version), (after.Title, after.Content, after.Version));
    }

    /// <summary>A PUT of each versioned resource (a knowledge entry, an agent state) of tenant A carrying the If-Match given.</summary>
    private IEnumerable<HttpRequestMessage> VersionedPuts(string ifMatch)
    {
        var entry = platform.A.Entries[0];
        var knowledge = new HttpRequestMessage(HttpMethod.Put, $"/v1/knowledge/{entry.Id}")
        {
            Content = JsonContent.Create(new { title = entry.Title, content = entry.Content + " changed" }),
        };
        var state = new HttpRequestMessage(HttpMethod.Put, $"/v1/agents/{platform.A.AgentId}/state/{TenantData.StateTypes[0]}")
        {
            Content = JsonContent.Create(new { step = 2 }),
        };
        foreach (var request in new[] { knowledge, state })
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            yield return request;
        }
    }
}
