using AgentPlatform.Contracts;
using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Operations on the caller's tenant as a whole.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/admin/reindex", ReindexAsync)
            .WithTags("Admin").WithName("Reindex")
            .WithSummary("Rebuild the search projections of this tenant's knowledge from the record (?target=fulltext|vectors|all)")
            .WithDescription("Queues every entry that is not being deleted for re-indexing and marks it Pending: target=vectors re-embeds into the vector store only, "
                + "fulltext rewrites the full-text index only (nothing is embedded), all rewrites every projection. An entry with that work (or a full upsert) already queued is left as it is. "
                + "Every target also queues the tenant's conversation messages (full text and memory vectors), Failed ones included. "
                + "202 with the number queued and the current counts; follow progress on "
                + IngestionStatusApi.Path + " until Pending is 0.");
        return app;
    }

    private static async Task<Results<Accepted<ReindexResponse>, ValidationProblem>> ReindexAsync(
        ClaimsPrincipal user, IKnowledgeReindexQueue knowledge, IMessageReindexQueue messageQueue,
        IKnowledgeIndexingStatus knowledgeStatus, IMessageIndexingStatus messageStatus, TimeProvider clock, CancellationToken ct, string? target = null)
    {
        var errors = new RequestErrors();
        var parsed = errors.Required<ReindexTarget>("target", target);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var tenant = user.TenantId();
        var queued = await knowledge.EnqueueReindexAsync(tenant, parsed switch
        {
            ReindexTarget.Vectors => OutboxOperation.ReindexVectors,
            ReindexTarget.FullText => OutboxOperation.ReindexFullText,
            _ => OutboxOperation.Upsert,
        }, ct);
        var messages = await messageQueue.EnqueueReindexAsync(tenant, ct);
        var status = await IngestionStatusApi.ReadAsync(knowledgeStatus, messageStatus, clock, tenant, ct);
        return TypedResults.Accepted(IngestionStatusApi.Path,
            new ReindexResponse(parsed.ToString().ToLowerInvariant(), queued, messages, status, IngestionStatusApi.Path));
    }
}
