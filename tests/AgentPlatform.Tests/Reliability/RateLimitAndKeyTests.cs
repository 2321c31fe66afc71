// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;

namespace AgentPlatform.Tests.Reliability;

public sealed class RateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task A_tenant_over_its_rate_gets_429_with_retry_after_while_another_tenant_is_served()
    {
        var tenantA = await factory.ClientAsync();
        var tenantB = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        while (limited is null && statuses.Count < 20)
        {
            var response = await tenantA.GetAsync(IngestionStatusApi.Path);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }

        // The burst is served; the next request within the same second is refused (one refill may land in between).
        Assert.NotNull(limited);
        Assert.InRange(statuses.Count, RateLimitedApiFactory.Burst + 1, RateLimitedApiFactory.Burst + 2);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 2);
        var problem = await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        ProblemShape.AssertComplete(problem, 429);
        limited.Dispose();

        using var other = await tenantB.GetAsync(IngestionStatusApi.Path);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        using var afterWaiting = await tenantA.GetAsync(IngestionStatusApi.Path);
        Assert.Equal(HttpStatusCode.OK, afterWaiting.StatusCode);
    }
}

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

        var logs = factory.Logs.Entries.ToList();
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
