using System.Text.Json;
using ModelContextProtocol.Client;

namespace AgentPlatform.AppHost.Tests;

/// <summary>The AppHost's mcp resource, reached by the MCP SDK's client as an agent would: the dev key's tenant
/// through the AppHost's wiring (the connection string naming the three APIs, the same API keys).</summary>
[Collection(StackCollection.Name)]
public sealed class McpStackTests(StackFixture stack)
{
    [Fact]
    public async Task The_mcp_resource_serves_the_tools_over_the_three_apis_for_the_callers_tenant()
    {
        var ct = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("mcp", timeout.Token);
        var http = stack.App.CreateHttpClient("mcp", "http");
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-Api-Key"] = StackFixture.ApiKey },
        }, http, ownsHttpClient: true);
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);

        Assert.Contains((await client.ListToolsAsync(cancellationToken: timeout.Token)).Select(t => t.Name), n => n == "recall");
        var session = await client.CallToolAsync("start_session", new Dictionary<string, object?> { ["agentId"] = "apphost-mcp-agent" }, cancellationToken: timeout.Token);
        Assert.True(session.IsError is not true);
        var sessionId = JsonSerializer.SerializeToElement(session.StructuredContent).GetProperty("id").GetGuid();

        // The session was written for the dev key's tenant: Ingestion.Api finds it with the same key.
        using var ingestion = stack.CreateClient("ingestion-api", withKey: true);
        using var read = await ingestion.GetAsync($"/v1/sessions/{sessionId}", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var status = await client.CallToolAsync("ingestion_status", cancellationToken: timeout.Token);
        Assert.True(status.IsError is not true);

        // One trace from the MCP caller through Mcp.Server and the client to Ingestion.Api: the API's ProblemDetails
        // traceId, quoted in the tool error, is the trace this test started.
        using var root = new System.Diagnostics.Activity("mcp caller").Start();
        var missing = await client.CallToolAsync("get_knowledge", new Dictionary<string, object?> { ["id"] = Guid.NewGuid().ToString() }, cancellationToken: timeout.Token);
        Assert.True(missing.IsError);
        var text = string.Join(" ", missing.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(b => b.Text));
        Assert.Contains("404 Not found", text);
        Assert.Contains($"(trace {root.TraceId})", text);
    }
}
