using AgentPlatform.Domain;
using AgentPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Hosts;

/// <summary>Builds one store integration's services exactly as a process registers them (its AddXxx under a
/// connection name), without the rest of a process: the conformance suites resolve the ports from it.</summary>
public static class StoreHost
{
    public static IHost Build(StorageBackend backend, string connectionName, string connectionString, Action<IHostApplicationBuilder> register)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[StoreIntegration.BackendKey] = backend.ToString();
        builder.Configuration[$"ConnectionStrings:{connectionName}"] = connectionString;
        register(builder);
        return builder.Build();
    }

    /// <summary>Runs the store's initializers (schema, indexes, migrations) as a service's start-up does.</summary>
    public static async Task InitializeStoresAsync(this IHost host, CancellationToken ct)
    {
        foreach (var initializer in host.Services.GetServices<IStoreInitializer>())
            await initializer.InitializeAsync(ct);
    }
}
