// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class RateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task A_tenant_over_its_rate_gets_429_with_retry_after_while_another_tenant_is_served()
    {
        var tenantA = await factory.ClientAsync();
        var tenantB = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);

        // The burst is served, then a request is refused. Refills (one a second) may land while the burst is sent, so
        // how many are served before the first 429 is only bounded below; nothing here depends on how fast requests run.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        while (limited is null && statuses.Count < 100)
        {
            var response = await tenantA.GetAsync(IngestionStatusApi.Path);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }
        Assert.NotNull(limited);
        Assert.True(statuses.Count > RateLimitedApiFactory.Burst, $"refused within the burst: {string.Join(", ", statuses)}");
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 2);
        var problem = await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        ProblemShape.AssertComplete(problem, 429);
        limited.Dispose();

        using var other = await tenantB.GetAsync(IngestionStatusApi.Path);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // Tenant A is served again once a token is replenished; until then every answer is a 429 with Retry-After.
        await Eventually.AnswersAsync("tenant A served again after its refill", async ct =>
        {
            var response = await tenantA.GetAsync(IngestionStatusApi.Path, ct);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.Single(response.Headers.GetValues("Retry-After"));
            return response;
        }, answer => answer.Status == HttpStatusCode.OK, cancellationToken: TestContext.Current.CancellationToken);
    }
}

[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ApiKeyLoggingTests(LogCaptureApiFactory factory) : IClassFixture<LogCaptureApiFactory>
{
    private const string InvalidKey = "key-not-valid-7f3a9c1e5b2d4a6f";

    [Fact]
    public async Task Api_keys_valid_or_not_never_reach_the_logs_or_responses()
    {
        var tenantA = await factory.ClientAsync();
        var anonymous = await factory.ClientAsync(apiKey: null);
        var keys = new[] { ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey, ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey, InvalidKey };
        var bodies = new List<string>();

        async Task SendAsync(HttpRequestMessage request)
        {
            using var response = await anonymous.SendAsync(request);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        using (var created = await tenantA.PostAsJsonAsync("/v1/knowledge", new { title = "Logged " + Guid.NewGuid(), content = "text" }))
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        using (var invalid = await tenantA.PostAsync("/v1/knowledge", new StringContent("{", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/knowledge") { Headers = { { "X-Api-Key", InvalidKey } } });
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/knowledge") { Headers = { { "Authorization", "ApiKey " + InvalidKey } } });
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, IngestionStatusApi.Path) { Headers = { { "Authorization", "ApiKey " + keys[1] } } });
        await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/knowledge/{Guid.NewGuid()}") { Headers = { { "X-Api-Key", keys[1] } } });

        // Each entry as one text: level, category, message, structured values, scopes and exception.
        var logs = factory.Logs.GetSnapshot().Select(record => string.Join(" | ",
            [$"{record.Level} {record.Category}: {record.Message}",
             .. (record.StructuredState ?? []).Select(value => $"{value.Key}={value.Value}"),
             .. record.Scopes.Select(scope => $"scope {scope}"),
             record.Exception?.ToString() ?? ""])).ToList();
        // The capture sees the request pipeline, the refused keys and the database: the check below is not vacuous.
        Assert.Contains(logs, l => l.Contains("The API key is not valid", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("/v1/knowledge", StringComparison.Ordinal));
        foreach (var key in keys)
        {
            Assert.DoesNotContain(logs, l => l.Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(bodies, b => b.Contains(key, StringComparison.Ordinal));
        }
    }
}
