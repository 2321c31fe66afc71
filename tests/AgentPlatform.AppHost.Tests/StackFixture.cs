using Aspire.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AppHost.Tests;

/// <summary>Starts the whole AppHost once on the local backend, in a temporary data directory, with a known API key
/// for the AppHost's "dev" tenant and one for each of <see cref="IsolatedTenants"/>.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-0123456789abcdef0123456789";
    public const string WorkerName = "embedding-worker";
    public static readonly string[] Services = ["ingestion-api", "search-api", "analytics-api", WorkerName];

    /// <summary>Tenants of their own for tests that count everything a tenant holds (the fault tests), so entries that
    /// other tests add to "dev" do not show up in their counts.</summary>
    public static readonly string[] IsolatedTenants = [FaultTests.ChromaTenant, FaultTests.WorkerTenant];

    /// <summary>How long the worker's claim on outbox messages holds (Worker:Lease, 2 minutes by default): the claims
    /// of a worker killed mid-round come due again after it, so the fault tests keep it short.</summary>
    public static readonly TimeSpan WorkerLease = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    public string DataDirectory { get; } = Path.Combine(DataRoot(), "agentplatform-apphost-tests-" + Guid.NewGuid().ToString("N"));

    public DistributedApplication App { get; private set; } = null!;

    public static string ApiKeyOf(string tenant) => $"test-key-{tenant}-0123456789abcdef";

    public async ValueTask InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                "--backend", "local",
                $"AgentPlatform:DataDirectory={DataDirectory}",
                $"AgentPlatform:DevApiKey={ApiKey}",
            ], cts.Token);
        builder.Services.AddLogging(l => l.AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            var service = builder.CreateResourceBuilder(project);
            // Key 0 is the AppHost's "dev" key.
            for (var i = 0; i < IsolatedTenants.Length; i++)
            {
                service.WithEnvironment($"AgentPlatform__ApiKeys__{i + 1}__Key", ApiKeyOf(IsolatedTenants[i]))
                    .WithEnvironment($"AgentPlatform__ApiKeys__{i + 1}__TenantId", IsolatedTenants[i]);
            }
            if (project.Name == WorkerName)
            {
                service.WithEnvironment("Worker__Lease", WorkerLease.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
                    // At Information every store call logs several lines (HttpClient, resilience pipeline); the fault
                    // tests index thousands of entries, and that logging would cost the worker much of its CPU.
                    .WithEnvironment("Logging__LogLevel__Default", "Warning");
            }
        }
        App = await builder.BuildAsync(cts.Token);
        await App.StartAsync(cts.Token);
        foreach (var resource in Services.Append("chroma"))
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
    }

    public HttpClient CreateClient(string service, bool withKey) => CreateClient(service, withKey ? ApiKey : null);

    /// <summary>A client of <paramref name="service"/> that sends <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient CreateClient(string service, string? apiKey)
    {
        var client = App.CreateHttpClient(service, "http");
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>RAM-backed /dev/shm where it has room (the stores fsync every commit, and a disk shared with other jobs
    /// makes each one slow), else the temporary directory.</summary>
    private static string DataRoot()
    {
        const long needed = 1L << 30;
        var shm = new DirectoryInfo("/dev/shm");
        return shm.Exists && new DriveInfo(shm.FullName).AvailableFreeSpace >= needed ? shm.FullName : Path.GetTempPath();
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { /* a store process may still hold a file */ }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
