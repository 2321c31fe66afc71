// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using AgentPlatform.Client;
using AgentPlatform.Contracts;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Client;

/// <summary>The Aspire client-integration shape (settings from configuration and the connection string, health
/// check) and the retries of rate-limited calls.</summary>
[Collection(ClientPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ClientRegistrationTests(ClientPlatformFixture fixture)
{
    [Fact]
    public async Task The_connection_string_gives_the_endpoints_and_the_key_and_the_health_check_asks_every_service()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:agentplatform"] =
                $"Ingestion={PlatformRouting.Ingestion};Search={PlatformRouting.Search};Analytics={PlatformRouting.Analytics};ApiKey={ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey}",
        });
        builder.AddAgentPlatformClient("agentplatform");
        builder.Services.RouteTo(fixture.Platform.Ingestion, fixture.Platform.Search, fixture.Platform.Analytics);
        using var host = builder.Build();

        var settings = host.Services.GetRequiredService<IOptions<AgentPlatformClientSettings>>().Value;
        Assert.Equal((PlatformRouting.Ingestion, PlatformRouting.Search, PlatformRouting.Analytics), (settings.IngestionEndpoint, settings.SearchEndpoint, settings.AnalyticsEndpoint));
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["agentplatform"].Status);
        Assert.Contains("search-api: Healthy", health.Entries["agentplatform"].Description);
        // The key from the connection string decides the tenant: tenant A's fixture session is found.
        var session = await host.Services.GetRequiredService<AgentPlatformClient>().Sessions.GetAsync(fixture.Platform.A.SessionId);
        Assert.Equal(fixture.Platform.A.AgentId, session.AgentId);
    }

    [Fact]
    public void Settings_can_turn_the_health_check_off_and_an_unknown_connection_string_key_is_refused()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddAgentPlatformClient(configureSettings: s => s.DisableHealthChecks = true);
        using var host = builder.Build();
        Assert.Empty(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal(new Uri("https+http://search-api"), host.Services.GetRequiredService<IOptions<AgentPlatformClientSettings>>().Value.SearchEndpoint);

        var refused = Assert.Throws<FormatException>(() => new AgentPlatformClientSettings().ParseConnectionString("Ingestion=http://x;Tenant=a"));
        Assert.Contains("'tenant'", refused.Message);
    }

    [Fact]
    public async Task Calls_over_the_rate_limit_are_retried_after_Retry_After_and_succeed()
    {
        await using var limited = new RateLimitedApiFactory();
        await limited.ClientAsync();
        var seen = new StatusRecorder();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddAgentPlatformClient(o =>
        {
            PlatformRouting.Endpoints(o);
            o.ApiKey = ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey;
        });
        services.AddHttpClient(AgentPlatformClient.IngestionHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => limited.Server.CreateHandler())
            .AddHttpMessageHandler(() => seen);
        var client = services.BuildServiceProvider().GetRequiredService<AgentPlatformClient>();

        var started = new List<SessionResponse>();
        for (var i = 0; i < RateLimitedApiFactory.Burst + 3; i++)
            started.Add(await client.Sessions.StartAsync(new CreateSessionRequest("rate-agent")));
        Assert.Equal(RateLimitedApiFactory.Burst + 3, started.Select(s => s.Id).Distinct().Count());
        Assert.Contains(HttpStatusCode.TooManyRequests, seen.Statuses);
    }

    /// <summary>Sees every attempt (it sits inside the retry handler).</summary>
    private sealed class StatusRecorder : DelegatingHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<HttpStatusCode> Statuses { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Statuses.Enqueue(response.StatusCode);
            return response;
        }
    }
}
