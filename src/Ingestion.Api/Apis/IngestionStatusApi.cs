using AgentPlatform.Contracts;
using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.IngestionApi.Apis;

public static class IngestionStatusApi
{
    public const string Path = "/v1/ingestion/status";

    /// <summary>The window the current rate is measured over.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapIngestionStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (ClaimsPrincipal user, IKnowledgeIndexingStatus knowledge, IMessageIndexingStatus messages, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await ReadAsync(knowledge, messages, clock, user.TenantId(), ct)))
            .WithTags("Ingestion").WithName("GetIngestionStatus")
            .WithSummary("Counts of this tenant's knowledge entries by indexing status, the current indexing rate and the time left at that rate, and its conversation messages by indexing state");
        return app;
    }

    public static async Task<IngestionStatus> ReadAsync(IKnowledgeIndexingStatus knowledge, IMessageIndexingStatus messages, TimeProvider clock, string tenantId, CancellationToken ct)
    {
        var counts = await knowledge.CountByStatusAsync(tenantId, ct);
        var recent = await knowledge.CountIndexedSinceAsync(tenantId, clock.GetUtcNow() - RateWindow, ct);
        var messageCounts = await messages.CountIndexingAsync(tenantId, ct);
        long Count(KnowledgeStatus s) => counts.TryGetValue(s, out var n) ? n : 0;
        var pending = Count(KnowledgeStatus.Pending);
        var rate = recent / RateWindow.TotalSeconds;
        return new IngestionStatus(pending, Count(KnowledgeStatus.Indexed),
            Count(KnowledgeStatus.Failed), Count(KnowledgeStatus.Deleting), counts.Values.Sum(),
            recent, Math.Round(rate, 3), rate > 0 ? Math.Round(pending / rate, 1) : null,
            new MessageIngestionStatus(messageCounts.Pending, messageCounts.Indexed, messageCounts.Failed));
    }
}
