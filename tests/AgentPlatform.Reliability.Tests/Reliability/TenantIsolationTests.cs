// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>What tenant B's probe must get back; the status code is given per row.</summary>
public enum TenantProbeCheck
{
    /// <summary>application/problem+json with the row's status.</summary>
    Problem,
    /// <summary>A page whose "items" is empty.</summary>
    EmptyItems,
    /// <summary>A page of B's own records only, none of A's.</summary>
    OwnItems,
    /// <summary>A search answer whose "hits" is empty.</summary>
    NoHits,
    /// <summary>A search answer with hits, every one B's own (entries B can read, or messages of B's session).</summary>
    OwnHits,
    /// <summary>An agent report with no session, interaction, message or knowledge entry.</summary>
    EmptyAgentReport,
    /// <summary>The tenant overview: B's interactions and messages, none of A's agents.</summary>
    OwnOverview,
    /// <summary>Ingestion counts equal to B's own entries in the record.</summary>
    OwnIngestionStatus,
    /// <summary>A knowledge batch that created B's entry from A's exact content (no duplicate across tenants).</summary>
    CreatedNotDuplicate,
    /// <summary>B's own write, accepted with the row's status; A's records are compared as for every row.</summary>
    OwnWrite,
}

/// <summary>Tenant B probing tenant A's ids, names, filters and words on every endpoint of Ingestion.Api, Search.Api and
/// Analytics.Api: it finds nothing of A's (404, or empty or B-only results, per row), and A's records in every store
/// (relational, documents, full text, vectors) are the same before and after each probe, the worker having indexed
/// whatever the probe queued. Without a valid key every endpoint answers 401.</summary>
[Collection(TenantPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class TenantIsolationTests(TenantPlatformFixture platform)
{
    private const PlatformService Ingestion = PlatformService.Ingestion;
    private const PlatformService Search = PlatformService.Search;
    private const PlatformService Analytics = PlatformService.Analytics;
    private const string Get = "GET", Post = "POST", Put = "PUT", Delete = "DELETE";
    private const string ValidKnowledge = """{"title":"B's probe","content":"Written by tenant B."}""";
    private const string ValidInteraction = """{"type":"query","input":"probe"}""";
    private const string ValidMessage = """{"role":"user","content":"probe"}""";

    /// <summary>Service, method, route, body, If-Match, expected status, what the body must show. {placeholders} name
    /// tenant A's records and words; {wordB} is B's own word.</summary>
    private static readonly (PlatformService Service, string Method, string Route, string? Body, string? IfMatch, int Status, TenantProbeCheck Check)[] Table =
    [
        (Ingestion, Get, "/v1/ingestion/status", null, null, 200, TenantProbeCheck.OwnIngestionStatus),
        (Ingestion, Post, "/v1/knowledge", """{"title":"{titleA2}","content":"{contentA2}"}""", null, 202, TenantProbeCheck.OwnWrite),
        (Ingestion, Post, "/v1/knowledge/batch", """{"entries":[{"title":"{titleA3}","content":"{contentA3}"}]}""", null, 200, TenantProbeCheck.CreatedNotDuplicate),
        (Ingestion, Get, "/v1/knowledge", null, null, 200, TenantProbeCheck.OwnItems),
        (Ingestion, Get, "/v1/knowledge?agentId={agentA}", null, null, 200, TenantProbeCheck.EmptyItems),
        (Ingestion, Get, "/v1/knowledge/{entryA}", null, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Put, "/v1/knowledge/{entryA}", ValidKnowledge, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Delete, "/v1/knowledge/{entryA}", null, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Post, "/v1/sessions", """{"agentId":"{wordB}-probe-agent"}""", null, 201, TenantProbeCheck.OwnWrite),
        (Ingestion, Get, "/v1/sessions/{sessionA}", null, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Post, "/v1/sessions/{sessionA}/end", null, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Post, "/v1/sessions/{sessionA}/interactions", ValidInteraction, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Post, "/v1/sessions/{sessionA}/interactions/batch", $$"""{"interactions":[{{ValidInteraction}}]}""", null, 404, TenantProbeCheck.Problem),
        (Ingestion, Get, "/v1/sessions/{sessionA}/interactions", null, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Get, "/v1/agents/{agentA}/sessions", null, null, 200, TenantProbeCheck.EmptyItems),
        (Ingestion, Post, "/v1/sessions/{sessionA}/messages", ValidMessage, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Post, "/v1/sessions/{sessionA}/messages/batch", $$"""{"messages":[{{ValidMessage}}]}""", null, 404, TenantProbeCheck.Problem),
        (Ingestion, Get, "/v1/sessions/{sessionA}/messages", null, null, 404, TenantProbeCheck.Problem),
        // A's agent has a "memory" state: B creating one of the same name gets its own (no 428 for A's version).
        (Ingestion, Put, "/v1/agents/{agentA}/state/memory", """{"step":99}""", null, 201, TenantProbeCheck.OwnWrite),
        // A's "plan" is at version 1: to B it does not exist.
        (Ingestion, Put, "/v1/agents/{agentA}/state/plan", """{"step":99}""", "\"1\"", 412, TenantProbeCheck.Problem),
        (Ingestion, Get, "/v1/agents/{agentA}/state/plan", null, null, 404, TenantProbeCheck.Problem),
        (Ingestion, Get, "/v1/agents/{agentA}/state/plan/history", null, null, 200, TenantProbeCheck.EmptyItems),
        (Ingestion, Post, "/v1/admin/reindex?target=all", null, null, 202, TenantProbeCheck.OwnWrite),

        (Search, Post, "/v1/search", """{"query":"{wordA}","mode":"fulltext"}""", null, 200, TenantProbeCheck.NoHits),
                // The semantic engine ranks every chunk it may see: B's nearest neighbours come back, never A's.
        (Search, Post, "/v1/search", """{"query":"{contentA0}","mode":"semantic"}""", null, 200, TenantProbeCheck.OwnHits),
        (Search, Post, "/v1/search", """{"query":"{wordA}","mode":"hybrid","limit":100,"explain":true}""", null, 200, TenantProbeCheck.OwnHits),
        (Search, Post, "/v1/search", """{"query":"{wordB}","mode":"semantic","filters":{"category":"{categoryA}"}}""", null, 200, TenantProbeCheck.NoHits),
        (Search, Post, "/v1/search", """{"query":"{wordB}","filters":{"tags":["{tagA}"]}}""", null, 200, TenantProbeCheck.NoHits),
        // A's entries belong to A's agent: B filtering by that agent id finds nothing in either engine.
        (Search, Post, "/v1/search", """{"query":"{wordA}","mode":"semantic","filters":{"agentId":"{agentA}"}}""", null, 200, TenantProbeCheck.NoHits),
        (Search, Post, "/v1/search", """{"query":"{wordA}","mode":"fulltext","filters":{"agentId":"{agentA}"}}""", null, 200, TenantProbeCheck.NoHits),
        (Search, Post, "/v1/search", """{"query":"{entryA}","mode":"fulltext"}""", null, 200, TenantProbeCheck.NoHits),
        (Search, Get, "/v1/search?q={wordA}&mode=fulltext", null, null, 200, TenantProbeCheck.NoHits),
        (Search, Get, "/v1/search?q={wordA}&limit=100", null, null, 200, TenantProbeCheck.OwnHits),
        (Search, Post, "/v1/conversations/search", """{"query":"{wordA}"}""", null, 200, TenantProbeCheck.NoHits),
        (Search, Post, "/v1/conversations/search", """{"query":"{wordB}"}""", null, 200, TenantProbeCheck.OwnHits),
        (Search, Post, "/v1/conversations/search", """{"query":"{wordB}","sessionId":"{sessionA}"}""", null, 200, TenantProbeCheck.NoHits),
        (Search, Post, "/v1/conversations/search", """{"query":"{wordB}","agentId":"{agentA}"}""", null, 200, TenantProbeCheck.NoHits),
        (Search, Post, "/v1/conversations/search", """{"query":"{wordB}","userId":"{userA}"}""", null, 200, TenantProbeCheck.NoHits),

        (Analytics, Get, "/v1/agents/{agentA}/analytics?days=30", null, null, 200, TenantProbeCheck.EmptyAgentReport),
        (Analytics, Get, "/v1/analytics/overview?days=30", null, null, 200, TenantProbeCheck.OwnOverview),
    ];

    public static TheoryData<PlatformService, string, string, string?, string?, int, TenantProbeCheck> Probes
    {
        get
        {
            var rows = new TheoryData<PlatformService, string, string, string?, string?, int, TenantProbeCheck>();
            foreach (var p in Table) rows.Add(p.Service, p.Method, p.Route, p.Body, p.IfMatch, p.Status, p.Check);
            return rows;
        }
    }

    /// <summary>Each endpoint once, with a body where it takes one.</summary>
    public static TheoryData<PlatformService, string, string, string?> Endpoints
    {
        get
        {
            var rows = new TheoryData<PlatformService, string, string, string?>();
            foreach (var p in Table.DistinctBy(p => (p.Service, p.Method, p.Route))) rows.Add(p.Service, p.Method, p.Route, p.Body);
            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task Tenant_B_finds_and_changes_nothing_of_tenant_A(
        PlatformService service, string method, string route, string? body, string? ifMatch, int status, TenantProbeCheck check)
    {
        var client = await platform.ClientAsync(service, platform.B.Key);
        var before = await platform.RecordsOfAsync(platform.A);

        using var request = Request(method, route, body, ifMatch);
        var echoesWordA = (request.RequestUri + (body is null ? "" : Fill(body, escape: false))).Contains(platform.A.Word, StringComparison.OrdinalIgnoreCase);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        await platform.DrainAsync();

        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        await AssertShowsAsync(check, response, text);
        // A's word appears in no answer, except as the request's own query echoed back.
        if (!echoesWordA) Assert.DoesNotContain(platform.A.Word, text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await platform.RecordsOfAsync(platform.A));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_without_a_valid_key(PlatformService service, string method, string route, string? body)
    {
        var before = await platform.RecordsOfAsync(platform.A);
        string?[] keys = [null, "", "wrong-key", platform.A.Key + "x", platform.A.Key[..^1], platform.A.Key.ToUpperInvariant()];
        foreach (var key in keys)
        {
            var client = await platform.ClientAsync(service, key);
            using var response = await client.SendAsync(Request(method, route, body, ifMatch: null));
            var problem = await HttpAssert.ProblemAsync(response, System.Net.HttpStatusCode.Unauthorized);
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
        }
        Assert.Equal(before, await platform.RecordsOfAsync(platform.A));
    }

    private HttpRequestMessage Request(string method, string route, string? body, string? ifMatch)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Fill(route, escape: true));
        if (body is not null) request.Content = new StringContent(Fill(body, escape: false), Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    /// <summary>The row's text with tenant A's (and B's word) values in place of the {placeholders}.</summary>
    private string Fill(string template, bool escape)
    {
        var a = platform.A;
        var values = new Dictionary<string, string>
        {
            ["{entryA}"] = a.Entries[0].Id.ToString(),
            ["{contentA0}"] = a.Entries[0].Content,
            ["{titleA2}"] = a.Entries[2].Title, ["{contentA2}"] = a.Entries[2].Content,
            ["{titleA3}"] = a.Entries[3].Title, ["{contentA3}"] = a.Entries[3].Content,
            ["{sessionA}"] = a.SessionId.ToString(), ["{agentA}"] = a.AgentId, ["{userA}"] = a.UserId,
            ["{wordA}"] = a.Word, ["{categoryA}"] = a.Category, ["{tagA}"] = a.Tag, ["{wordB}"] = platform.B.Word,
        };
        foreach (var (name, value) in values)
            template = template.Replace(name, escape ? Uri.EscapeDataString(value) : JsonEncodedText.Encode(value).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("{", template.Replace("{\"", "", StringComparison.Ordinal).Replace("[{", "", StringComparison.Ordinal), StringComparison.Ordinal);
        return template;
    }

    private async Task AssertShowsAsync(TenantProbeCheck check, HttpResponseMessage response, string text)
    {
        if (check == TenantProbeCheck.Problem)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return;
        }
        var root = JsonDocument.Parse(text).RootElement;
        var a = platform.A;
        var b = platform.B;
        switch (check)
        {
            case TenantProbeCheck.EmptyItems:
                Assert.Equal(0, root.GetProperty("items").GetArrayLength());
                break;
            case TenantProbeCheck.OwnItems:
                var ids = root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
                Assert.Superset(b.EntryIds.ToHashSet(), ids.ToHashSet());
                Assert.Empty(ids.Intersect(a.EntryIds));
                break;
            case TenantProbeCheck.NoHits:
                Assert.Equal(0, root.GetProperty("hits").GetArrayLength());
                break;
            case TenantProbeCheck.OwnHits:
                await AssertOwnHitsAsync(root.GetProperty("hits"));
                break;
            case TenantProbeCheck.EmptyAgentReport:
                Assert.Equal(0, root.GetProperty("sessions").GetProperty("total").GetInt64());
                Assert.Equal(0, root.GetProperty("interactions").GetProperty("total").GetInt64());
                Assert.Equal(0, root.GetProperty("processingTime").GetProperty("count").GetInt64());
                Assert.Equal(0, root.GetProperty("messages").GetInt64());
                Assert.Empty(root.GetProperty("topIntents").EnumerateArray());
                Assert.Equal(0, root.GetProperty("knowledge").GetProperty("added").GetInt64());
                break;
            case TenantProbeCheck.OwnOverview:
                Assert.Equal(b.Interactions, root.GetProperty("interactions").GetProperty("total").GetInt64());
                Assert.Equal(b.Messages, root.GetProperty("messages").GetInt64());
                Assert.DoesNotContain(a.AgentId, root.GetProperty("mostActiveAgents").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
                Assert.All(root.GetProperty("topIntents").EnumerateArray(), n => Assert.StartsWith(b.Word, n.GetProperty("name").GetString()));
                break;
            case TenantProbeCheck.OwnIngestionStatus:
                var own = await HttpAssert.OkJsonAsync<JsonElement>(await (await platform.ClientAsync(PlatformService.Ingestion, b.Key)).GetAsync("/v1/knowledge?limit=500"));
                Assert.Equal(own.GetProperty("total").GetInt64(), root.GetProperty("total").GetInt64());
                Assert.True(root.GetProperty("total").GetInt64() >= b.Entries.Count);
                break;
            case TenantProbeCheck.CreatedNotDuplicate:
                Assert.Equal(1, root.GetProperty("created").GetInt32());
                Assert.Equal(0, root.GetProperty("duplicates").GetInt32());
                break;
        }
    }

    /// <summary>Knowledge hits are entries B can read by id; message hits are in B's session.</summary>
    private async Task AssertOwnHitsAsync(JsonElement hits)
    {
        Assert.NotEqual(0, hits.GetArrayLength());
        var ingestion = await platform.ClientAsync(PlatformService.Ingestion, platform.B.Key);
        foreach (var hit in hits.EnumerateArray())
        {
            if (hit.TryGetProperty("sessionId", out var session))
            {
                Assert.Equal(platform.B.SessionId, session.GetGuid());
                continue;
            }
            var entry = hit.GetProperty("entryId").GetGuid();
            Assert.DoesNotContain(entry, platform.A.EntryIds);
            using var read = await ingestion.GetAsync($"/v1/knowledge/{entry}");
            Assert.Equal(System.Net.HttpStatusCode.OK, read.StatusCode);
        }
    }
}
