using AgentPlatform.Contracts;
using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Knowledge entries: the relational store is the record; the worker projects them into search.</summary>
public static class KnowledgeApi
{
    public static RouteGroupBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/knowledge").WithTags("Knowledge").RequireRateLimiting(Extensions.TenantRateLimitPolicy);

        group.MapPost("/", AddAsync).WithName("AddKnowledge")
            .WithSummary("Store a knowledge entry")
            .WithDescription("Stores the entry and queues it for indexing in one transaction. 202 with the entry's status URL; "
                + "200 with the existing entry when the tenant already has the same title and content, whichever agent it belongs to "
                + "(duplicates are found per tenant, so the same text sent for another agent returns the first entry, with its agentId). "
                + "agentId (optional, up to 128 characters) names the agent the entry belongs to: search filters and per-agent analytics use it.");
        group.MapPost("/batch", AddBatchAsync).WithName("AddKnowledgeBatch")
            .WithSummary($"Store up to {KnowledgeRules.MaxBatchSize} entries")
            .WithDescription("Per-item results in request order: created, duplicate (existing id) or invalid (with errors). Valid items are stored even when others are invalid. "
                + "Each item may name its agentId; duplicates are found per tenant, whichever agent an entry belongs to.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetKnowledge")
            .WithSummary("Get an entry and its indexing status (Pending, Indexed, Failed, Deleting)");
        group.MapGet("/", ListAsync).WithName("ListKnowledge")
            .WithSummary("List entries newest first, optionally by status and by owning agent (agentId)");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateKnowledge")
            .WithSummary("Replace an entry's content: new version, re-indexed")
            .WithDescription("Send If-Match: \"<version>\" to update only that version (412 otherwise). "
                + "The entry keeps the agent it was created for: an agentId in the body is validated but not applied.");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteKnowledge")
            .WithSummary("Delete an entry: removed from every projection, then from the record");
        return group;
    }

    internal static string StatusPath(Guid id) => $"/v1/knowledge/{id}";

    private static async Task<Results<Accepted<KnowledgeResponse>, Ok<KnowledgeResponse>, ValidationProblem>> AddAsync(
        KnowledgeInput input, ClaimsPrincipal user, IKnowledgeStore store, TimeProvider clock, CancellationToken ct)
    {
        var errors = KnowledgeRules.Validate(input);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var result = await store.AddAsync(KnowledgeRules.NewEntry(user.TenantId(), input, clock.GetUtcNow()), ct);
        var body = ContractMapping.ToResponse(result.Entry);
        return result.Created ? TypedResults.Accepted(body.StatusUrl, body) : TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<KnowledgeBatchResponse>, ValidationProblem>> AddBatchAsync(
        KnowledgeBatchRequest request, ClaimsPrincipal user, IKnowledgeStore store, TimeProvider clock, CancellationToken ct)
    {
        if (request.Entries is not { Count: > 0 } inputs)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["entries"] = ["entries must hold at least one entry."] });
        if (inputs.Count > KnowledgeRules.MaxBatchSize)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["entries"] = [$"{inputs.Count} entries; the limit is {KnowledgeRules.MaxBatchSize}."] });

        var tenant = user.TenantId();
        var now = clock.GetUtcNow();
        var items = new KnowledgeBatchItemResult?[inputs.Count];
        var valid = new List<(int Index, KnowledgeEntry Entry)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var errors = inputs[i] is null
                ? new Dictionary<string, string[]> { [$"entries[{i}]"] = ["entry must be an object."] }
                : KnowledgeRules.Validate(inputs[i], $"entries[{i}].");
            if (errors.Count > 0) items[i] = new KnowledgeBatchItemResult(i, "invalid", null, null, errors);
            else valid.Add((i, KnowledgeRules.NewEntry(tenant, inputs[i], now)));
        }
        var stored = valid.Count > 0 ? await store.AddBatchAsync(valid.Select(v => v.Entry).ToList(), ct) : [];
        for (var k = 0; k < valid.Count; k++)
        {
            var entry = stored[k].Entry;
            items[valid[k].Index] = new KnowledgeBatchItemResult(valid[k].Index, stored[k].Created ? "created" : "duplicate", entry.Id, StatusPath(entry.Id), null);
        }
        var results = items.Select(i => i!).ToList();
        return TypedResults.Ok(new KnowledgeBatchResponse(
            results.Count(r => r.Outcome == "created"), results.Count(r => r.Outcome == "duplicate"), results.Count(r => r.Outcome == "invalid"), results));
    }

    private static async Task<Results<Ok<KnowledgeResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, IKnowledgeStore store, HttpContext http, CancellationToken ct)
    {
        var entry = await store.GetAsync(user.TenantId(), id, ct);
        if (entry is null) return NotFound(id);
        http.Response.Headers.ETag = $"\"{entry.Version}\"";
        return TypedResults.Ok(ContractMapping.ToResponse(entry));
    }

    private static async Task<Results<Ok<Page<KnowledgeSummary>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, IKnowledgeStore store, CancellationToken ct, string? status = null, string? agentId = null, int offset = 0, int limit = PageRequest.DefaultLimit)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = EnumQuery.Parse<KnowledgeStatus>(status, "status", errors);
        SessionsApi.ValidateId(errors, "agentId", agentId, required: false);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (PagingRules.Validate(offset, limit) is { } problem) return problem;
        var page = await store.ListAsync(user.TenantId(), wanted, string.IsNullOrWhiteSpace(agentId) ? null : agentId, new PageRequest(offset, limit), ct);
        return TypedResults.Ok(new Page<KnowledgeSummary>(
            page.Items.Select(ContractMapping.ToSummary).ToList(),
            page.Total, page.Offset, page.Limit));
    }

    private static async Task<Results<Accepted<KnowledgeResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, KnowledgeInput input, ClaimsPrincipal user, IKnowledgeStore store, HttpContext http, CancellationToken ct)
    {
        var errors = KnowledgeRules.Validate(input);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!ETags.TryParseIfMatch(http.Request, out var expected))
            return TypedResults.Problem(statusCode: 400, title: "Invalid If-Match", detail: "If-Match must be a quoted version number, e.g. \"3\".");
        try
        {
            var entry = await store.UpdateAsync(user.TenantId(), id, KnowledgeRules.ToUpdate(input), expected, ct);
            if (entry is null) return NotFound(id);
            http.Response.Headers.ETag = $"\"{entry.Version}\"";
            var body = ContractMapping.ToResponse(entry);
            return TypedResults.Accepted(body.StatusUrl, body);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Version mismatch", detail: conflict.Message);
        }
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, IKnowledgeStore store, CancellationToken ct) =>
        await store.DeleteAsync(user.TenantId(), id, ct) ? TypedResults.Accepted(StatusPath(id)) : NotFound(id);

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Knowledge entry {id} does not exist for this tenant.");
}
