using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Client;

/// <summary>Healthy when every service of the platform reports healthy on its /health.</summary>
internal sealed class AgentPlatformHealthCheck(AgentPlatformClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var services = await client.CheckHealthAsync(cancellationToken);
        var description = string.Join(", ", services.Select(s => $"{s.Service}: {s.Status}"));
        return services.All(s => s.Healthy)
            ? HealthCheckResult.Healthy(description)
            : new HealthCheckResult(context.Registration.FailureStatus, description);
    }
}
