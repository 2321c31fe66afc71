// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using AgentPlatform.Contracts;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Labels (titles, tags, categories, agent, user and state ids, intents) that hold nothing visible, or that
/// hide their reading order (bidi controls), a BOM or noncharacters, are refused with a 400 naming the field; text is
/// compared and hashed in NFC, so one text typed in two Unicode forms is one entry.</summary>
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class UnicodeLabelTests(UnicodeApiFactory factory) : IClassFixture<UnicodeApiFactory>
{
    /// <summary>Values with nothing visible once white space and invisible characters are removed.</summary>
    public static TheoryData<string> Invisible =>
    [
        "\u200B", "\uFEFF", "\u200B\u200D\u200C", "\u2060", "\uFFFF", " \u200B ", "\u202E", "\u2066\u2069", "\u00AD", "\uDB40\uDC01",
    ];

    /// <summary>Visible labels carrying a character no label may hold.</summary>
    public static TheoryData<string> Hidden =>
    [
        "invoice\u202Etxt.exe", "a\u202Db", "x\u2067y\u2069", "lab\uFEFFel", "x\uFFFFy", "x\uFFFE", "x\uFDD0", "x\uDBFF\uDFFF", "x\uD83F\uDFFF",
    ];

    private static readonly (string Field, string ErrorKey)[] Fields =
    [
        ("title", "title"), ("tag", "tags"), ("agentId", "agentId"), ("sessionAgent", "agentId"), ("sessionUser", "userId"),
        ("intent", "intent"), ("stateType", "stateType"), ("category", "category"),
    ];

    [Theory]
    [MemberData(nameof(Invisible))]
    public async Task A_label_with_nothing_visible_is_refused_everywhere(string value)
    {
        foreach (var (field, errorKey) in Fields)
        {
            if (field == "category") continue; // an empty category is no category
            await AssertRefusedAsync(field, value, errorKey);
        }
    }

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task A_label_holding_bidi_controls_a_bom_or_noncharacters_is_refused_everywhere(string value)
    {
        foreach (var (field, errorKey) in Fields)
            await AssertRefusedAsync(field, value, errorKey);
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u2060 ")]
    public async Task Free_text_with_nothing_visible_is_missing(string value)
    {
        var client = await factory.ClientAsync();
        var session = await SessionAsync(client);
        var problems = new[]
        {
            (await client.PostAsJsonAsync("/v1/knowledge", new { title = "Visible", content = value }), "content"),
            (await client.PostAsJsonAsync($"/v1/sessions/{session}/interactions", new { type = "query", input = value, processingTimeMs = 1 }), "input"),
            (await client.PostAsJsonAsync($"/v1/sessions/{session}/messages", new { role = "user", content = value }), "content"),
        };
        foreach (var (response, field) in problems)
            Assert.True((await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Invisible_characters_inside_visible_text_are_kept()
    {
        var client = await factory.ClientAsync();
        // Joiners build emoji and some scripts; a zero-width space marks word breaks in Thai and Khmer.
        var title = $"\U0001F469\u200D\U0001F4BB notes {Guid.NewGuid():N}";
        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", new { title, content = "ภาษา\u200Bไทย", tags = new[] { "a\u200Db" } }), HttpStatusCode.Accepted);
        Assert.Equal((title, "ภาษา\u200Bไทย"), (created.Title, created.Content));
    }

    [Theory]
    [InlineData("caf\u00E9", "cafe\u0301")]
    [InlineData("\u00C5ngstr\u00F6m", "A\u030Angstro\u0308m")]
    [InlineData("\uAC00", "\u1100\u1161")]
    public async Task One_text_in_two_unicode_forms_is_one_entry_stored_in_nfc(string composed, string decomposed)
    {
        var client = await factory.ClientAsync();
        var suffix = Guid.NewGuid().ToString("N");
        var first = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", new { title = $"{decomposed} {suffix}", content = $"About {decomposed}.", tags = new[] { decomposed }, category = decomposed }),
            HttpStatusCode.Accepted);
        var again = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", new { title = $"{composed} {suffix}", content = $"About {composed}." }));
        var batch = await HttpAssert.OkJsonAsync<KnowledgeBatchResponse>(
            await client.PostAsJsonAsync("/v1/knowledge/batch", new { entries = new[] { new { title = $"{composed} {suffix}", content = $"About {decomposed}." } } }));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(("duplicate", first.Id), (batch.Items[0].Outcome, batch.Items[0].Id!.Value));
        Assert.Equal(($"{composed} {suffix}", $"About {composed}.", composed.ToLowerInvariant(), composed), (first.Title, first.Content, first.Tags[0], first.Category));
    }

    private async Task AssertRefusedAsync(string field, string value, string errorKey)
    {
        var client = await factory.ClientAsync();
        var session = await SessionAsync(client);
        var unique = Guid.NewGuid().ToString("N");
        using var response = field switch
        {
            "title" => await client.PostAsJsonAsync("/v1/knowledge", new { title = value, content = unique }),
            "tag" => await client.PostAsJsonAsync("/v1/knowledge", new { title = unique, content = unique, tags = new[] { value } }),
            "agentId" => await client.PostAsJsonAsync("/v1/knowledge", new { title = unique, content = unique, agentId = value }),
            "category" => await client.PostAsJsonAsync("/v1/knowledge", new { title = unique, content = unique, category = value }),
            "sessionAgent" => await client.PostAsJsonAsync("/v1/sessions", new { agentId = value }),
            "sessionUser" => await client.PostAsJsonAsync("/v1/sessions", new { agentId = "probe", userId = value }),
            "intent" => await client.PostAsJsonAsync($"/v1/sessions/{session}/interactions", new { type = "query", input = "x", intent = value, processingTimeMs = 1 }),
            _ => await client.PutAsync($"/v1/agents/probe/state/{Uri.EscapeDataString(value)}", new StringContent("{\"a\":1}", Encoding.UTF8, "application/json")),
        };
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), $"{field} {JsonSerializer.Serialize(value)}: {problem}");
    }

    private static async Task<Guid> SessionAsync(HttpClient client) =>
        (await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync("/v1/sessions", new { agentId = "probe" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
