// HTTP calls here are bounded by the server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AgentPlatform.Tests.Api;
using AgentPlatform.Contracts;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Errors the server itself produces, behind real Kestrel, have the shape of every other error: a path the
/// server cannot take (a NUL, %00, anywhere in it) is a 400 ProblemDetails with type, title and status, not an empty 400.</summary>
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ErrorShapeTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Theory]
    [InlineData("/v1/knowledge/%00")]
    [InlineData("/v1/sessions/%00/messages")]
    [InlineData("/%00")]
    [InlineData("/v1/knowledge?status=%00")]
    [InlineData("/v1/agents/a%00b/state/memory")]
    public async Task A_path_with_a_nul_is_a_problem_details_400(string target)
    {
        var client = await factory.ClientAsync();
        var (status, contentType, body) = await RawGetAsync(client.BaseAddress!, target);

        Assert.True(status == 400, $"{status}: {body}");
        Assert.Equal("application/problem+json", contentType);
        ProblemShape.AssertComplete(JsonDocument.Parse(body).RootElement, 400);
    }

    [Fact]
    public async Task On_one_connection_the_answers_before_a_bad_request_arrive_whole_and_the_bad_one_is_a_problem_details_400()
    {
        var client = await factory.ClientAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var key = ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey;
        string Get(string target) => $"GET {target} HTTP/1.1\r\nHost: {client.BaseAddress.Authority}\r\nX-Api-Key: {key}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Get("/v1/ingestion/status") + Get("/v1/knowledge/00000000-0000-0000-0000-000000000000") + Get("/v1/knowledge/%00")));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var all = await reader.ReadToEndAsync();

        var heads = all.Split("HTTP/1.1 ").Skip(1).Select(r => r[..3]).ToList();
        Assert.Equal(["200", "404", "400"], heads);
        Assert.Contains("\"pending\"", all);
        var last = all[all.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal)..];
        ProblemShape.AssertComplete(JsonDocument.Parse(last[(last.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement, 400);
    }

    [Fact]
    public async Task Many_concurrent_requests_and_large_answers_pass_through_unchanged()
    {
        var client = await factory.ClientAsync();
        var content = string.Concat(Enumerable.Range(0, 2000).Select(i => $"HTTP/1.1 400 line {i} "));
        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", new { title = $"Large {Guid.NewGuid():N}", content }), HttpStatusCode.Accepted);

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i => i % 2 == 0
            ? (await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync($"/v1/knowledge/{created.Id}"))).Content
            : (await client.GetAsync($"/v1/knowledge/{Guid.NewGuid()}")).StatusCode.ToString()));

        Assert.All(answers.Where((_, i) => i % 2 == 0), a => Assert.Equal(content, a));
        Assert.All(answers.Where((_, i) => i % 2 == 1), a => Assert.Equal(nameof(HttpStatusCode.NotFound), a));
    }

    /// <summary>Sends the request line exactly as given (HttpClient would re-encode it) and reads one response.</summary>
    private static async Task<(int Status, string? ContentType, string Body)> RawGetAsync(Uri server, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nX-Api-Key: {ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..headerEnd].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var contentType = head.Skip(1).Select(h => h.Split(':', 2)).FirstOrDefault(h => h[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))?[1].Trim().Split(';')[0];
        var body = response[(headerEnd + 4)..];
        if (head.Any(h => h.StartsWith("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
            body = Dechunk(body);
        return (status, contentType, body);
    }

    private static string Dechunk(string chunked)
    {
        var text = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0) return text.ToString();
            text.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
