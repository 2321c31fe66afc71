using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.IngestionApi.Apis;

public static class IngestionStatusApi
{
    public const string Path = "/v1/ingestion/status";

    public sealed record IngestionStatus(long Pending, long Indexed, long Failed, long Deleting, long Total);

    public static IEndpointRouteBuilder MapIngestionStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (ClaimsPrincipal user, IKnowledgeStore store, CancellationToken ct) =>
                TypedResults.Ok(await ReadAsync(store, user.TenantId(), ct)))
            .WithTags("Ingestion").WithName("GetIngestionStatus")
            .WithSummary("Counts of this tenant's knowledge entries by indexing status")
            .RequireRateLimiting(Extensions.TenantRateLimitPolicy);
        return app;
    }

    public static async Task<IngestionStatus> ReadAsync(IKnowledgeStore store, string tenantId, CancellationToken ct)
    {
        var counts = await store.CountByStatusAsync(tenantId, ct);
        long Count(KnowledgeStatus s) => counts.TryGetValue(s, out var n) ? n : 0;
        return new IngestionStatus(Count(KnowledgeStatus.Pending), Count(KnowledgeStatus.Indexed),
            Count(KnowledgeStatus.Failed), Count(KnowledgeStatus.Deleting), counts.Values.Sum());
    }
}
