using System.Security.Claims;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.Ports;
using AgentPlatform.ServiceDefaults;

namespace AgentPlatform.EmbeddingWorker;

/// <summary>GET /v1/worker/status: the caller's tenant's indexing figures, read from the record; this process's
/// cross-tenant counters only for an operator (see <see cref="OperatorAccess"/>), since they describe every tenant.</summary>
public static class WorkerStatusApi
{
    public const string Path = "/v1/worker/status";

    /// <param name="TenantId">The caller's tenant.</param>
    /// <param name="Pending">Its entries waiting for (re-)indexing.</param>
    /// <param name="Indexed">Its entries present in every projection.</param>
    /// <param name="Failed">Its entries whose indexing failed after every attempt.</param>
    /// <param name="Deleting">Its entries being removed from the projections.</param>
    /// <param name="IndexedLastMinute">Its entries that became Indexed in the last minute.</param>
    /// <param name="Process">This worker process over all tenants; null unless the caller is an operator.</param>
    public sealed record WorkerStatus(string TenantId, long Pending, long Indexed, long Failed, long Deleting, long IndexedLastMinute,
        IndexingMetrics.Snapshot? Process);

    public static IEndpointRouteBuilder MapWorkerStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync)
            .WithTags("Worker").WithName("GetWorkerStatus")
            .WithSummary("The caller's tenant's entries by indexing status and indexed in the last minute; with the operator key "
                + $"({OperatorAccess.HeaderName}) also this process's figures over all tenants: entries, chunks and messages indexed, failures, outbox depth, rate");
        return app;
    }

    private static async Task<WorkerStatus> GetAsync(
        HttpContext http, ClaimsPrincipal user, IKnowledgeIndexingStatus store, IndexingMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var counts = await store.CountByStatusAsync(tenant, ct);
        var lastMinute = await store.CountIndexedSinceAsync(tenant, clock.GetUtcNow() - TimeSpan.FromMinutes(1), ct);
        return new WorkerStatus(tenant, counts[KnowledgeStatus.Pending], counts[KnowledgeStatus.Indexed], counts[KnowledgeStatus.Failed],
            counts[KnowledgeStatus.Deleting], lastMinute, OperatorAccess.SeesDetails(http) ? metrics.Read() : null);
    }
}
