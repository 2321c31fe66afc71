using AgentPlatform.Client;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Reliability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Client;

[CollectionDefinition(Name)]
public sealed class ClientPlatformCollection : ICollectionFixture<ClientPlatformFixture>
{
    public const string Name = "client platform";
}

/// <summary>The whole platform in-process (a <see cref="TenantPlatformFixture"/> of this collection's own: worker,
/// the three APIs, Chroma) and the MCP server in front of it, whose client reaches the in-process APIs.</summary>
public sealed class ClientPlatformFixture : IAsyncLifetime
{
    public TenantPlatformFixture Platform { get; } = new();
    public McpHost Mcp { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Platform.InitializeAsync();
        Mcp = new McpHost(Platform);
        await Mcp.ClientAsync(apiKey: null);
    }

    /// <summary>A client of the platform for a key, registered as an application would (AddAgentPlatformClient).</summary>
    public AgentPlatformClient ClientFor(string? apiKey, Action<IServiceCollection>? configure = null)
    {
        // An application's host provides configuration, which service discovery reads.
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddAgentPlatformClient(o =>
        {
            PlatformRouting.Endpoints(o);
            o.ApiKey = apiKey;
        });
        services.RouteTo(Platform.Ingestion, Platform.Search, Platform.Analytics);
        configure?.Invoke(services);
        return services.BuildServiceProvider().GetRequiredService<AgentPlatformClient>();
    }

    public async ValueTask DisposeAsync()
    {
        if (Mcp is not null) await Mcp.DisposeAsync();
        await Platform.DisposeAsync();
    }
}

/// <summary>Mcp.Server in-process, with the same API keys as the services; its AgentPlatform.Client calls the
/// fixture's in-process APIs.</summary>
public sealed class McpHost(TenantPlatformFixture platform) : ServiceFactory<AgentPlatform.McpServer.Tools.MemoryTools>(settings: new Dictionary<string, string?>
{
    [$"{AgentPlatformClientSettings.ConfigurationSection}:IngestionEndpoint"] = PlatformRouting.Ingestion.ToString(),
    [$"{AgentPlatformClientSettings.ConfigurationSection}:SearchEndpoint"] = PlatformRouting.Search.ToString(),
    [$"{AgentPlatformClientSettings.ConfigurationSection}:AnalyticsEndpoint"] = PlatformRouting.Analytics.ToString(),
})
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.RouteTo(platform.Ingestion, platform.Search, platform.Analytics));
    }
}
