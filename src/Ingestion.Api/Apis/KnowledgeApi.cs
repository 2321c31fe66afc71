using AgentPlatform.Contracts;
using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Knowledge entries: the relational store is the record; the worker projects them into search.</summary>
public static class KnowledgeApi
{
    public static RouteGroupBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/knowledge").WithTags("Knowledge");

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
        KnowledgeInput input, ClaimsPrincipal user, IKnowledgeEntries store, TimeProvider clock, CancellationToken ct)
    {
        var errors = KnowledgeRules.Validate(input);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var result = await store.AddAsync(KnowledgeRules.NewEntry(user.TenantId(), input, clock.GetUtcNow()), ct);
        var body = ContractMapping.ToResponse(result.Entry);
        return result.Created ? TypedResults.Accepted(body.StatusUrl, body) : TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<KnowledgeBatchResponse>, ValidationProblem>> AddBatchAsync(
        KnowledgeBatchRequest request, ClaimsPrincipal user, IKnowledgeEntries store, TimeProvider clock, CancellationToken ct)
    {
        var inputs = request.Entries ?? [];
        var errors = new RequestErrors();
        if (inputs.Count == 0) errors.Add("entries", "entries must hold at least one entry.");
        else if (inputs.Count > KnowledgeRules.MaxBatchSize) errors.Add("entries", $"entries holds {inputs.Count} entries; the limit is {KnowledgeRules.MaxBatchSize}.");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var tenant = user.TenantId();
        var now = clock.GetUtcNow();
        var items = new KnowledgeBatchItemResult?[inputs.Count];
        var valid = new List<(int Index, KnowledgeEntry Entry)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var itemErrors = KnowledgeRules.Validate(inputs[i], $"entries[{i}].");
            if (itemErrors.Count > 0) items[i] = new KnowledgeBatchItemResult(i, "invalid", null, null, itemErrors.ToDictionary());
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
        Guid id, ClaimsPrincipal user, IKnowledgeEntries store, HttpContext http, CancellationToken ct)
    {
        var entry = await store.GetAsync(user.TenantId(), id, ct);
        if (entry is null) return NotFound(id);
        ETags.Write(http.Response, entry.Version);
        return TypedResults.Ok(ContractMapping.ToResponse(entry));
    }

    private static async Task<Results<Ok<Page<KnowledgeSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] KnowledgeListQuery query, ClaimsPrincipal user, IKnowledgeEntries store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var wanted = errors.Enum<KnowledgeStatus>("status", query.Status);
        var agentId = errors.Id("agentId", query.AgentId, required: false);
        var page = errors.Page(query.Offset, query.Limit);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var entries = await store.ListAsync(user.TenantId(), wanted, agentId, page, ct);
        return TypedResults.Ok(entries.Map(ContractMapping.ToSummary));
    }

    private static async Task<Results<Accepted<KnowledgeResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, KnowledgeInput input, ClaimsPrincipal user, IKnowledgeEntries store, HttpContext http, CancellationToken ct)
    {
        var errors = KnowledgeRules.Validate(input);
        var expected = ETags.IfMatch(http.Request, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // A stale If-Match throws ConcurrencyConflictException: 412, written by the exception handler like every version check.
        var entry = await store.UpdateAsync(user.TenantId(), id, KnowledgeRules.ToUpdate(input), expected, ct);
        if (entry is null) return NotFound(id);
        ETags.Write(http.Response, entry.Version);
        var body = ContractMapping.ToResponse(entry);
        return TypedResults.Accepted(body.StatusUrl, body);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, IKnowledgeEntries store, CancellationToken ct) =>
        await store.DeleteAsync(user.TenantId(), id, ct) ? TypedResults.Accepted(StatusPath(id)) : NotFound(id);

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Knowledge entry {id} does not exist for this tenant.");
}
