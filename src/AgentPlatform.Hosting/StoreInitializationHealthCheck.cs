using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Storage;

public sealed class StoreInitializationHealthCheck(IEnumerable<IStoreInitializer> initializers, StoreInitializationState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stores = initializers.Select(i => i.Store).Distinct().ToList();
        if (state.IsReady(stores))
            return Task.FromResult(HealthCheckResult.Healthy($"initialized: {string.Join(", ", stores)}"));
        var errors = string.Join("; ", state.Errors.Select(e => $"{e.Key}: {e.Value}"));
        return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
            "stores are still being initialized" + (errors.Length > 0 ? $" ({errors})" : "")));
    }
}
