// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Text.Json;
using AgentPlatform.McpServer;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Client;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Mcp;

/// <summary>The MCP C# SDK's own client against Mcp.Server in-process (streamable HTTP at /mcp), which calls the
/// in-process platform through AgentPlatform.Client.</summary>
[Collection(ClientPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class McpServerTests(ClientPlatformFixture fixture)
{
    private const string KeyA = ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey;
    private const string KeyB = ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey;

    public static readonly string[] ToolNames =
    [
        "remember", "recall", "add_knowledge", "search_knowledge", "get_knowledge", "delete_knowledge", "get_conversation",
        "start_session", "end_session", "log_interaction", "get_agent_state", "set_agent_state", "agent_analytics", "ingestion_status",
    ];

    private Task<McpClient> ConnectAsync(string? apiKey)
    {
        var http = fixture.Mcp.CreateClient();
        var options = new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, McpEndpoint.Path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["X-Api-Key"] = apiKey },
        };
        return McpClient.CreateAsync(new HttpClientTransport(options, http, ownsHttpClient: true));
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError is not true, $"{tool} failed: {TextOf(result)}");
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    private static async Task<string> ErrorOfAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError, $"{tool} should have failed: {TextOf(result)}");
        var text = TextOf(result);
        Assert.DoesNotContain("   at ", text);
        return text;
    }

    private static string TextOf(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    private static string NewAgent() => "mcp-agent-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Lists_every_tool_with_its_input_and_output_schema_and_annotations()
    {
        await using var client = await ConnectAsync(KeyA);
        var tools = (await client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool);
        Assert.Equal(ToolNames.Order(), tools.Keys.Order());
        Assert.All(tools.Values, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
            Assert.Equal("object", t.InputSchema.GetProperty("type").GetString());
            Assert.NotNull(t.OutputSchema);
            Assert.NotNull(t.Annotations?.ReadOnlyHint);
        });
        var remember = tools["remember"].InputSchema;
        Assert.Equal(["messages"], remember.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(remember.GetProperty("properties").TryGetProperty("sessionId", out _));
        Assert.False(tools["remember"].InputSchema.GetProperty("properties").TryGetProperty("tenantId", out _));
        Assert.Equal((true, false), (tools["recall"].Annotations!.ReadOnlyHint!.Value, tools["recall"].Annotations!.DestructiveHint!.Value));
        Assert.True(tools["delete_knowledge"].Annotations!.DestructiveHint);
        Assert.True(tools["get_agent_state"].Annotations!.IdempotentHint);
    }

    [Fact]
    public async Task Remember_starts_a_session_and_recall_finds_the_message_by_a_paraphrase()
    {
        await using var client = await ConnectAsync(KeyA);
        var agent = NewAgent();
        var remembered = await CallAsync(client, "remember", new()
        {
            ["agentId"] = agent,
            ["userId"] = "ada",
            ["messages"] = new[]
            {
                new { role = "user", content = "My sister Clara adopted a grey kitten called Pepper last spring." },
                new { role = "assistant", content = "How lovely, I will remember Pepper." },
            },
        });
        Assert.True(remembered.GetProperty("sessionStarted").GetBoolean());
        var sessionId = remembered.GetProperty("sessionId").GetString()!;
        var messageId = remembered.GetProperty("messages")[0].GetProperty("id").GetString();
        var more = await CallAsync(client, "remember", new() { ["sessionId"] = sessionId, ["messages"] = new[] { new { role = "user", content = "Thanks!" } } });
        Assert.Equal((sessionId, false), (more.GetProperty("sessionId").GetString(), more.GetProperty("sessionStarted").GetBoolean()));
        await fixture.Platform.DrainAsync();

        // No word of the question is in the message: only its meaning matches.
        var recalled = await CallAsync(client, "recall", new() { ["query"] = "what pet did my sibling get?", ["agentId"] = agent, ["mode"] = "semantic", ["context"] = 1 });
        var best = recalled.GetProperty("hits")[0];
        Assert.Equal((messageId, sessionId, "user"), (best.GetProperty("id").GetString(), best.GetProperty("sessionId").GetString(), best.GetProperty("role").GetString()));
        Assert.Equal("How lovely, I will remember Pepper.", Assert.Single(best.GetProperty("after").EnumerateArray()).GetProperty("content").GetString());
        var hybrid = await CallAsync(client, "recall", new() { ["query"] = "which pet did my sister adopt?", ["agentId"] = agent });
        Assert.Equal(messageId, hybrid.GetProperty("hits")[0].GetProperty("id").GetString());

        var page = await CallAsync(client, "get_conversation", new() { ["sessionId"] = sessionId, ["limit"] = 2 });
        Assert.Equal(["Thanks!", "How lovely, I will remember Pepper."], page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        var older = await CallAsync(client, "get_conversation", new() { ["sessionId"] = sessionId, ["before"] = page.GetProperty("nextBefore").GetString() });
        Assert.Equal(messageId, Assert.Single(older.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Set_agent_state_with_a_stale_version_is_refused()
    {
        await using var client = await ConnectAsync(KeyA);
        var agent = NewAgent();
        var created = await CallAsync(client, "set_agent_state", new() { ["agentId"] = agent, ["stateType"] = "plan", ["data"] = new { step = 1 } });
        var version = created.GetProperty("version").GetInt64();
        var replaced = await CallAsync(client, "set_agent_state", new() { ["agentId"] = agent, ["stateType"] = "plan", ["data"] = new { step = 2 }, ["expectedVersion"] = version });
        Assert.Equal(version + 1, replaced.GetProperty("version").GetInt64());

        var stale = await ErrorOfAsync(client, "set_agent_state", new() { ["agentId"] = agent, ["stateType"] = "plan", ["data"] = new { step = 3 }, ["expectedVersion"] = version });
        Assert.Contains("412 Version mismatch", stale);
        Assert.Contains($"current version is {version + 1}", stale);
        var state = await CallAsync(client, "get_agent_state", new() { ["agentId"] = agent, ["stateType"] = "plan" });
        Assert.Equal(2, state.GetProperty("data").GetProperty("step").GetInt32());
    }

    [Fact]
    public async Task Without_a_key_or_with_another_tenants_key_this_tenants_data_is_out_of_reach()
    {
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ConnectAsync(null));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ConnectAsync("not-a-key"));

        await using var a = await ConnectAsync(KeyA);
        var agent = NewAgent();
        var remembered = await CallAsync(a, "remember", new() { ["agentId"] = agent, ["messages"] = new[] { new { role = "user", content = "The vault code is kept under the blue teapot." } } });
        var sessionId = remembered.GetProperty("sessionId").GetString();
        var entry = await CallAsync(a, "add_knowledge", new() { ["title"] = $"Vault of {agent}", ["content"] = "The vault opens at noon." });
        await fixture.Platform.DrainAsync();

        await using var b = await ConnectAsync(KeyB);
        Assert.Contains("404", await ErrorOfAsync(b, "get_conversation", new() { ["sessionId"] = sessionId }));
        Assert.Contains("404", await ErrorOfAsync(b, "get_knowledge", new() { ["id"] = entry.GetProperty("entry").GetProperty("id").GetString() }));
        Assert.Contains("404", await ErrorOfAsync(b, "remember", new() { ["sessionId"] = sessionId, ["messages"] = new[] { new { role = "user", content = "intrusion" } } }));
        // Tenant B's recall sees only tenant B's own memories (its fixture's knowledge and conversation), none of tenant A's.
        var recalled = await CallAsync(b, "recall", new() { ["query"] = "vault code blue teapot", ["scope"] = "all" });
        Assert.NotEmpty(recalled.GetProperty("hits").EnumerateArray());
        Assert.All(recalled.GetProperty("hits").EnumerateArray(), h =>
        {
            if (h.GetProperty("kind").GetString() == "knowledge") Assert.Contains(h.GetProperty("id").GetGuid(), fixture.Platform.B.EntryIds);
            else Assert.Equal(fixture.Platform.B.SessionId, h.GetProperty("sessionId").GetGuid());
        });
        var page = await CallAsync(a, "get_conversation", new() { ["sessionId"] = sessionId });
        Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Bad_arguments_give_a_tool_error_naming_the_argument()
    {
        await using var client = await ConnectAsync(KeyA);
        Assert.Contains("'limit'", await ErrorOfAsync(client, "recall", new() { ["query"] = "anything", ["limit"] = 0 }));
        Assert.Contains("'scope'", await ErrorOfAsync(client, "recall", new() { ["query"] = "anything", ["scope"] = "everywhere" }));
        Assert.Contains("'messages[0].role'", await ErrorOfAsync(client, "remember", new() { ["agentId"] = "x", ["messages"] = new[] { new { role = "robot", content = "hi" } } }));
        Assert.Contains("'agentId'", await ErrorOfAsync(client, "remember", new() { ["messages"] = new[] { new { role = "user", content = "hi" } } }));
        Assert.Contains("'title'", await ErrorOfAsync(client, "add_knowledge", new() { ["title"] = new string('t', 513), ["content"] = "c" }));
        Assert.Contains("'agentId'", await ErrorOfAsync(client, "start_session", new() { ["agentId"] = "bad\u0001id" }));
        Assert.Contains("'sessionId'", await ErrorOfAsync(client, "end_session", new() { ["sessionId"] = "not-a-guid" }));
        // Limits only the API knows come back from its 400, named by the field it refused.
        var session = await CallAsync(client, "start_session", new() { ["agentId"] = NewAgent() });
        var tooLong = await ErrorOfAsync(client, "remember", new() { ["sessionId"] = session.GetProperty("id").GetString(), ["messages"] = new[] { new { role = "user", content = new string('x', 300_000) } } });
        Assert.Contains("'messages[0].content'", tooLong);
        Assert.Contains("'processingTimeMs'", await ErrorOfAsync(client, "log_interaction", new()
        {
            ["sessionId"] = session.GetProperty("id").GetString(), ["type"] = "query", ["input"] = "q", ["processingTimeMs"] = -1,
        }));
    }

    [Fact]
    public async Task Knowledge_sessions_interactions_analytics_and_status_tools_answer()
    {
        await using var client = await ConnectAsync(KeyA);
        var agent = NewAgent();
        var added = await CallAsync(client, "add_knowledge", new() { ["title"] = "Sourdough starter", ["content"] = "Feed the starter flour and water every day.", ["agentId"] = agent, ["tags"] = new[] { "Baking" } });
        Assert.True(added.GetProperty("created").GetBoolean());
        var id = added.GetProperty("entry").GetProperty("id").GetString();
        await fixture.Platform.DrainAsync();
        var found = await CallAsync(client, "search_knowledge", new() { ["query"] = "how do I keep my bread culture alive", ["mode"] = "semantic", ["agentId"] = agent, ["tags"] = new[] { "baking" } });
        Assert.Equal(id, found.GetProperty("hits")[0].GetProperty("entryId").GetString());
        Assert.Equal("Indexed", (await CallAsync(client, "get_knowledge", new() { ["id"] = id })).GetProperty("status").GetString());

        var session = await CallAsync(client, "start_session", new() { ["agentId"] = agent });
        var sessionId = session.GetProperty("id").GetString();
        await CallAsync(client, "log_interaction", new() { ["sessionId"] = sessionId, ["type"] = "toolCall", ["input"] = "oven.preheat(230)", ["intent"] = "baking", ["processingTimeMs"] = 75 });
        var failed = await CallAsync(client, "log_interaction", new()
        {
            ["sessionId"] = sessionId, ["type"] = "toolCall", ["input"] = "oven.preheat(900)", ["processingTimeMs"] = 75, ["success"] = false, ["errorMessage"] = "above the oven's limit",
        });
        Assert.Equal((false, "above the oven's limit"), (failed.GetProperty("success").GetBoolean(), failed.GetProperty("errorMessage").GetString()));
        Assert.Equal("completed", (await CallAsync(client, "end_session", new() { ["sessionId"] = sessionId })).GetProperty("status").GetString());
        Assert.Contains("409", await ErrorOfAsync(client, "end_session", new() { ["sessionId"] = sessionId }));

        var report = await CallAsync(client, "agent_analytics", new() { ["agentId"] = agent, ["days"] = 1 });
        Assert.Equal((2, 0.5), (report.GetProperty("interactions").GetProperty("total").GetInt64(), report.GetProperty("interactions").GetProperty("successRate").GetDouble()));
        Assert.Equal(75, report.GetProperty("processingTime").GetProperty("p50Ms").GetInt32());
        Assert.True((await CallAsync(client, "agent_analytics", new())).TryGetProperty("mostActiveAgents", out _));
        Assert.Equal(0, (await CallAsync(client, "ingestion_status", new())).GetProperty("pending").GetInt64());

        Assert.True((await CallAsync(client, "delete_knowledge", new() { ["id"] = id })).GetProperty("deleted").GetBoolean());
        Assert.Equal("Deleting", (await CallAsync(client, "get_knowledge", new() { ["id"] = id })).GetProperty("status").GetString());
    }
}
