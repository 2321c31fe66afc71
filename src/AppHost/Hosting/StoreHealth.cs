using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.AppHost.Hosting;

/// <summary>Backs a store resource's health with a real connectivity check built from its connection string,
/// which is known only once the resource's endpoints are allocated.</summary>
internal static class StoreHealth
{
    /// <summary>The check is built once, on its first evaluation, and reused (a driver client inside it keeps its
    /// connections); the AppHost's container disposes it at shutdown.</summary>
    public static IResourceBuilder<T> WithConnectionStringHealthCheck<T>(this IResourceBuilder<T> builder, Func<string, IHealthCheck> createCheck)
        where T : IResourceWithConnectionString
    {
        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(builder.Resource, async (_, ct) =>
            connectionString = await builder.Resource.ConnectionStringExpression.GetValueAsync(ct));
        var key = $"{builder.Resource.Name}_check";
        builder.ApplicationBuilder.Services.AddKeyedSingleton(key, (_, _) => new ConnectionStringHealthCheck(
            () => connectionString ?? throw new InvalidOperationException($"{builder.Resource.Name} has no connection string yet."), createCheck));
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key,
            sp => sp.GetRequiredKeyedService<ConnectionStringHealthCheck>(key), failureStatus: null, tags: null, timeout: TimeSpan.FromSeconds(10)));
        return builder.WithHealthCheck(key);
    }

    /// <summary>Runs the check made from the connection string once it is known, building it only once.</summary>
    private sealed class ConnectionStringHealthCheck(Func<string> connectionString, Func<string, IHealthCheck> createCheck) : IHealthCheck, IDisposable
    {
        private readonly Lock _gate = new();
        private IHealthCheck? _check;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            IHealthCheck check;
            lock (_gate)
                check = _check ??= createCheck(connectionString());
            return check.CheckHealthAsync(context, cancellationToken);
        }

        public void Dispose() => (_check as IDisposable)?.Dispose();
    }
}
