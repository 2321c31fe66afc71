// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;

namespace AgentPlatform.Tests.Reliability;

public sealed class StoreDownAtStartTests(StoreDownApiFactory factory) : IClassFixture<StoreDownApiFactory>
{
    [Fact]
    public async Task A_store_missing_at_start_shows_unhealthy_gets_503_problems_and_recovers_without_restart()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey);
        client.DefaultRequestHeaders.Add(AgentPlatform.ServiceDefaults.OperatorAccess.HeaderName, ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.OperatorKey);

        using var health = await client.GetAsync("/health");
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        var relational = report.GetProperty("entries").GetProperty("relational");
        Assert.Equal("Unhealthy", relational.GetProperty("status").GetString());
        Assert.Contains("not reachable", relational.GetProperty("description").GetString());
        Assert.Equal("Healthy", report.GetProperty("entries").GetProperty("documents").GetProperty("status").GetString());

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, "/v1/knowledge"),
            new HttpRequestMessage(HttpMethod.Post, "/v1/knowledge") { Content = JsonContent.Create(new { title = "t", content = "c" }) },
            new HttpRequestMessage(HttpMethod.Get, "/v1/agents/a/state/s"),
        })
        {
            using var response = await client.SendAsync(request);
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("relational", problem.GetProperty("detail").GetString());
            Assert.NotNull(response.Headers.RetryAfter);
        }

        Directory.CreateDirectory(factory.RelationalDirectory);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            using var again = await client.GetAsync("/health");
            status = again.StatusCode;
        } while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        var page = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync("/v1/knowledge"));
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }
}
