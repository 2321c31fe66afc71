using System.Data.Common;
using AgentPlatform.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Storage.Relational;

/// <summary>Runs SELECT 1 on a context of the adapters' own pool (SQLite: opening creates a missing file; the migration
/// step fills it).</summary>
internal sealed class RelationalHealthCheck(RelationalContexts contexts, string description) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await contexts.RunAsync(tenantId: null, db => db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken), cancellationToken);
            return HealthCheckResult.Healthy(description);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or DbException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{description} is not reachable: {ex.Message}", ex);
        }
    }
}
