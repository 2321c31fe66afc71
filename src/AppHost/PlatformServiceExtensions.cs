using AgentPlatform.Domain;

namespace AgentPlatform.AppHost;

internal static class PlatformServiceExtensions
{
    /// <summary>Wires a platform service: backend, development API key, a reference to each store it uses
    /// (connection string named after the store) and a wait for each; its own /health for readiness.</summary>
    public static IResourceBuilder<ProjectResource> AsPlatformService(this IResourceBuilder<ProjectResource> service,
        StorageBackend backend, IResourceBuilder<ParameterResource> apiKey, string tenant,
        IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> stores, params string[] storeNames)
    {
        service.WithEnvironment("AgentPlatform__Backend", backend.ToString())
            .WithEnvironment("AgentPlatform__ApiKeys__0__Key", apiKey)
            .WithEnvironment("AgentPlatform__ApiKeys__0__TenantId", tenant)
            .WithHttpHealthCheck("/health");
        foreach (var name in storeNames)
        {
            var store = stores[name];
            service.WithReference(store, connectionName: name);
            if (store.Resource is not ConnectionStringResource)
                service.WaitFor(store);
        }
        return service;
    }
}
