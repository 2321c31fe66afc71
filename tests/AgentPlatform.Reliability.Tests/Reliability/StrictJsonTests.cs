// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Text;
using System.Text.Json;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Bodies the JSON reader would otherwise take by guessing: a null inside any array, a key sent twice (in
/// any letter case, at any depth, metadata and agent state included) and a number sent as a string. Each is a 400
/// ProblemDetails (type, title, status) naming the field, on every API that reads a body, and changes no store.</summary>
[Collection(TenantPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class StrictJsonTests(TenantPlatformFixture platform)
{
    private const PlatformService Ingestion = PlatformService.Ingestion;
    private const PlatformService Search = PlatformService.Search;

    /// <summary>Service, path ({session} and {agent} are tenant A's), body, and the field the answer must name (null:
    /// any field, when the reader cannot point at one).</summary>
    private static readonly (PlatformService Service, string Path, string Body, string? Field)[] Cases =
    [
        // Null elements, wherever the array is.
        (Search, "/v1/search", """{"query":"x","filters":{"tags":[null]}}""", "filters.tags[0]"),
        (Search, "/v1/search", """{"query":"x","filters":{"tags":["lighthouse-tag",null]}}""", "filters.tags[1]"),
        (Ingestion, "/v1/knowledge", """{"title":"t","content":"c","tags":[null]}""", "tags[0]"),
        (Ingestion, "/v1/knowledge/batch", """{"entries":[null]}""", "entries[0]"),
        (Ingestion, "/v1/knowledge/batch", """{"entries":[{"title":"t","content":"c"},null]}""", "entries[1]"),
        (Ingestion, "/v1/knowledge/batch", """{"entries":[{"title":"t","content":"c","tags":["a",null]}]}""", "entries[0].tags[1]"),
        (Ingestion, "/v1/sessions/{session}/interactions/batch", """{"interactions":[null]}""", "interactions[0]"),
        (Ingestion, "/v1/sessions/{session}/messages/batch", """{"messages":[{"role":"user","content":"hi"},null]}""", "messages[1]"),
        // Keys sent twice: the last one would silently win.
        (Ingestion, "/v1/sessions", """{"agentId":"A","agentId":"B"}""", null),
        (Ingestion, "/v1/sessions", """{"agentId":"A","AgentId":"B"}""", null),
        (Ingestion, "/v1/sessions", """{"agentId":"A","metadata":{"k":1,"k":2}}""", null),
        (Ingestion, "/v1/knowledge", """{"title":"t","content":"c","title":"u"}""", null),
        (Ingestion, "/v1/knowledge/batch", """{"entries":[{"title":"t","content":"c","content":"d"}]}""", null),
        (Ingestion, "/v1/sessions/{session}/interactions", """{"type":"query","input":"a","input":"b","processingTimeMs":1}""", null),
        (Ingestion, "/v1/sessions/{session}/messages", """{"role":"user","role":"assistant","content":"hi"}""", null),
        (Ingestion, "/v1/agents/{agent}/state/dup", """{"step":1,"step":2}""", null),
        (Ingestion, "/v1/agents/{agent}/state/dup", """{"nested":{"a":1,"a":2}}""", null),
        (Search, "/v1/search", """{"query":"x","query":"y"}""", null),
        (Search, "/v1/search", """{"query":"x","filters":{"category":"a","category":"b"}}""", null),
        (Search, "/v1/conversations/search", """{"query":"x","agentId":"a","agentId":"b"}""", null),
        // Numbers as strings.
        (Ingestion, "/v1/sessions/{session}/interactions", """{"type":"query","input":"a","processingTimeMs":"12"}""", "processingTimeMs"),
        (Ingestion, "/v1/sessions/{session}/interactions/batch", """{"interactions":[{"type":"query","input":"a","processingTimeMs":"1e3"}]}""", "interactions[0].processingTimeMs"),
        (Search, "/v1/search", """{"query":"x","limit":"5"}""", "limit"),
        (Search, "/v1/conversations/search", """{"query":"x","limit":"5"}""", "limit"),
        (Search, "/v1/conversations/search", """{"query":"x","offset":"0"}""", "offset"),
    ];

    public static TheoryData<int> CaseIndexes => [.. Enumerable.Range(0, Cases.Length)];

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public async Task A_guessable_body_is_a_400_naming_the_field_and_changes_nothing(int index)
    {
        var (service, path, body, field) = Cases[index];
        var a = platform.A;
        path = path.Replace("{session}", a.SessionId.ToString()).Replace("{agent}", a.AgentId);
        var client = await platform.ClientAsync(service, a.Key);
        var before = await platform.RecordsOfAsync(a);
        var method = path.Contains("/state/", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;

        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        ProblemShape.AssertComplete(problem, 400);
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"{field} not named: {problem}");
        }
        await platform.DrainAsync();
        Assert.Equal(before, await platform.RecordsOfAsync(a));
    }
}

/// <summary>What every error answer carries (RFC 9457): a type, a title and the status.</summary>
public static class ProblemShape
{
    public static void AssertComplete(JsonElement problem, int status)
    {
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()), $"no type: {problem}");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), $"no title: {problem}");
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
    }
}
