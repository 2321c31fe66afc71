using AgentPlatform.Contracts;
using System.Security.Claims;
using System.Text.Json;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Versioned agent state with optimistic concurrency over HTTP: ETag = version, If-Match to update.</summary>
public static class AgentStateApi
{
    public const int MaxStateLength = 1024 * 1024;

    public static IEndpointRouteBuilder MapAgentStateApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agents/{agentId}/state/{stateType}").WithTags("Agent state").RequireRateLimiting(Extensions.TenantRateLimitPolicy);
        group.MapPut("/", PutAsync).WithName("PutAgentState")
            .WithSummary("Create or replace an agent state")
            .WithDescription("Create: no If-Match (409 if it exists). Update: If-Match: \"<version>\" from the last GET/PUT ETag; "
                + "412 when stale, 428 when If-Match is missing for an existing state.");
        group.MapGet("/", GetAsync).WithName("GetAgentState").WithSummary("The current state; its ETag is the version");
        group.MapGet("/history", HistoryAsync).WithName("GetAgentStateHistory").WithSummary("Earlier and current versions, newest first");
        return app;
    }

    private static async Task<Results<Ok<AgentStateResponse>, Created<AgentStateResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string agentId, string stateType, JsonElement data, ClaimsPrincipal user, IAgentStateStore store, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        SessionsApi.ValidateId(errors, "agentId", agentId, required: true);
        SessionsApi.ValidateId(errors, "stateType", stateType, required: true);
        var text = data.ValueKind == JsonValueKind.Object ? JsonValueText.TryGet(data) : "";
        if (data.ValueKind != JsonValueKind.Object) errors["body"] = ["the state must be a JSON object."];
        else if (text is null) errors["body"] = ["the state " + JsonValueText.InvalidText];
        else if (text.Length > MaxStateLength) errors["body"] = [$"the state is longer than {MaxStateLength} characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!ETags.TryParseIfMatch(http.Request, out var expected))
            return TypedResults.Problem(statusCode: 400, title: "Invalid If-Match", detail: "If-Match must be a quoted version number, e.g. \"3\".");

        var tenant = user.TenantId();
        try
        {
            var state = await store.PutAsync(tenant, agentId, stateType, text!, expected, clock.GetUtcNow(), ct);
            http.Response.Headers.ETag = $"\"{state.Version}\"";
            var body = ContractMapping.ToResponse(state);
            return expected is null ? TypedResults.Created(http.Request.Path, body) : TypedResults.Ok(body);
        }
        catch (ConcurrencyConflictException conflict) when (expected is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: $"State '{stateType}' of agent '{agentId}' exists at version {conflict.CurrentVersion}; send If-Match: \"{conflict.CurrentVersion}\" to replace it.");
        }
        catch (ConcurrencyConflictException conflict)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Version mismatch",
                detail: conflict.CurrentVersion is null
                    ? $"State '{stateType}' of agent '{agentId}' does not exist; create it without If-Match."
                    : $"If-Match was \"{expected}\" but the current version is {conflict.CurrentVersion}; GET the state and retry.");
        }
    }

    private static async Task<Results<Ok<AgentStateResponse>, ProblemHttpResult>> GetAsync(
        string agentId, string stateType, ClaimsPrincipal user, IAgentStateStore store, HttpContext http, CancellationToken ct)
    {
        var state = await store.GetAsync(user.TenantId(), agentId, stateType, ct);
        if (state is null)
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Agent '{agentId}' has no '{stateType}' state.");
        http.Response.Headers.ETag = $"\"{state.Version}\"";
        return TypedResults.Ok(ContractMapping.ToResponse(state));
    }

    private static async Task<Results<Ok<Page<AgentStateResponse>>, ValidationProblem>> HistoryAsync(
        string agentId, string stateType, ClaimsPrincipal user, IAgentStateStore store, CancellationToken ct, int offset = 0, int limit = PageRequest.DefaultLimit)
    {
        if (PagingRules.Validate(offset, limit) is { } invalid) return invalid;
        var page = await store.ListHistoryAsync(user.TenantId(), agentId, stateType, new PageRequest(offset, limit), ct);
        return TypedResults.Ok(new Page<AgentStateResponse>(page.Items.Select(ContractMapping.ToResponse).ToList(), page.Total, page.Offset, page.Limit));
    }
}
