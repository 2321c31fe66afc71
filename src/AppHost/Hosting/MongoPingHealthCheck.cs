using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AgentPlatform.AppHost.Hosting;

/// <summary>The MongoDB resource answers "ping" (one client for every evaluation, disposed with the check).</summary>
internal sealed class MongoPingHealthCheck(string connectionString) : IHealthCheck, IDisposable
{
    private readonly MongoClient _client = new(connectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy("MongoDB");
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "MongoDB is not reachable: " + ex.Message, ex);
        }
    }

    public void Dispose() => _client.Dispose();
}
