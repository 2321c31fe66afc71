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
        app.MapGet(Path, async (ClaimsPrincipal user, HttpContext http, IKnowledgeIndexingStatus knowledge, IMessageIndexingStatus messages, TimeProvider clock, CancellationToken ct) =>
            {
                var status = await ReadAsync(knowledge, messages, clock, user.TenantId(), ct);
                return TypedResults.Ok(status with
                {
                    EmbeddingModel = http.RequestServices.GetService<IVectorCollections>() is { } vectors
                        ? await ReadModelAsync(status, vectors, clock, user.TenantId(), ct)
                        : null,
                });
            })
            .WithTags("Ingestion").WithName("GetIngestionStatus")
            .WithSummary("Counts of this tenant's knowledge entries by indexing status, the current indexing rate and the time left at that rate, its conversation messages by indexing state, and its embedding model with the progress of a move to another");
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

    /// <summary>The tenant's model state with the move's progress: what the move queued less what is still pending in
    /// <paramref name="status"/> (writes made during the move are pending too, so the figure errs low), over the time
    /// since it started.</summary>
    private static async Task<EmbeddingModelStatus?> ReadModelAsync(IngestionStatus status, IVectorCollections vectors, TimeProvider clock,
        string tenantId, CancellationToken ct)
    {
        VectorModelState? state;
        try
        {
            state = await vectors.GetStateAsync(tenantId, ct);
        }
        catch (StoreUnavailableException)
        {
            // Chroma is down: the entry and message counts still answer; the model figures come back with it.
            return null;
        }
        if (state is null)
            return null;
        if (state.Target is null || !state.Queued)
            return new EmbeddingModelStatus(state.Active, state.Target, 0, 0, 0, 0, 0, null, state.Retired);
        var entries = Math.Clamp(state.EntriesTotal - status.Pending, 0, state.EntriesTotal);
        var messagesDone = Math.Clamp(state.MessagesTotal - status.Messages.Pending, 0, state.MessagesTotal);
        var seconds = Math.Max((clock.GetUtcNow() - (state.StartedAt ?? clock.GetUtcNow())).TotalSeconds, 1e-3);
        var rate = (entries + messagesDone) / seconds;
        var left = state.EntriesTotal - entries + state.MessagesTotal - messagesDone;
        return new EmbeddingModelStatus(state.Active, state.Target, entries, state.EntriesTotal, messagesDone, state.MessagesTotal,
            Math.Round(rate, 3), rate > 0 ? Math.Round(left / rate, 1) : null, state.Retired);
    }
}
