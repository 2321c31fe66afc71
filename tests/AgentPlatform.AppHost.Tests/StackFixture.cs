using Aspire.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AppHost.Tests;

/// <summary>Starts the whole AppHost once on the local backend, in a temporary data directory, with a known API key.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-0123456789abcdef0123456789";
    public static readonly string[] Services = ["ingestion-api", "search-api", "analytics-api", "embedding-worker"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "agentplatform-apphost-tests-" + Guid.NewGuid().ToString("N"));

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                "--backend", "local",
                $"AgentPlatform:DataDirectory={_dataDirectory}",
                $"AgentPlatform:DevApiKey={ApiKey}",
            ], cts.Token);
        builder.Services.AddLogging(l => l.AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));
        App = await builder.BuildAsync(cts.Token);
        await App.StartAsync(cts.Token);
        foreach (var resource in Services.Append("chroma"))
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
    }

    public HttpClient CreateClient(string service, bool withKey)
    {
        var client = App.CreateHttpClient(service, "http");
        if (withKey) client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { /* a store process may still hold a file */ }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
