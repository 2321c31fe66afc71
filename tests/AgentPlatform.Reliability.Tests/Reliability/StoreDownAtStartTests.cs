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

[Trait(TestSpeed.Trait, TestSpeed.Slow)]
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

        var recovered = await Eventually.AnswersAsync("healthy once the relational directory exists", ct => client.GetAsync("/health", ct),
            answer => answer.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, recovered.Status);
        var page = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync("/v1/knowledge"));
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }
}
