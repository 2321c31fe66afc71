using AgentPlatform.Contracts;
using System.Security.Claims;
using System.Text.Json;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Versioned agent state with optimistic concurrency over HTTP: ETag = version, If-Match to update.</summary>
public static class AgentStateApi
{
    public const int MaxStateLength = 1024 * 1024;

    public static IEndpointRouteBuilder MapAgentStateApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agents/{agentId}/state/{stateType}").WithTags("Agent state");
        group.MapPut("/", PutAsync).WithName("PutAgentState")
            .WithSummary("Create or replace an agent state")
            .WithDescription("Create: no If-Match (428 if it exists). Update: If-Match: \"<version>\" from the last GET/PUT ETag; "
                + "412 when stale, 428 when If-Match is missing for an existing state.");
        group.MapGet("/", GetAsync).WithName("GetAgentState").WithSummary("The current state; its ETag is the version");
        group.MapGet("/history", HistoryAsync).WithName("GetAgentStateHistory").WithSummary("Earlier and current versions, newest first");
        return app;
    }

    /// <summary>The route of every agent-state endpoint.</summary>
    internal sealed record StateKey(string AgentId, string StateType)
    {
        public void Validate(RequestErrors errors)
        {
            errors.Id("agentId", AgentId, required: true);
            errors.Id("stateType", StateType, required: true);
        }
    }

    private static async Task<Results<Ok<AgentStateResponse>, Created<AgentStateResponse>, ValidationProblem>> PutAsync(
        [AsParameters] StateKey key, JsonElement data, ClaimsPrincipal user, IAgentStateStore store, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var errors = new RequestErrors();
        key.Validate(errors);
        var text = data.ValueKind == JsonValueKind.Object ? JsonValueText.TryGet(data) : "";
        if (data.ValueKind != JsonValueKind.Object) errors.Add("body", "the state must be a JSON object.");
        else if (text is null) errors.Add("body", "the state " + JsonValueText.InvalidText);
        else if (text.Length > MaxStateLength) errors.Add("body", $"the state is longer than {MaxStateLength} characters.");
        var expected = ETags.IfMatch(http.Request, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        // A version check that fails throws ConcurrencyConflictException: 412 when If-Match is stale, 428 when the state
        // exists and no If-Match was sent (the exception handler writes both).
        var state = await store.PutAsync(user.TenantId(), key.AgentId, key.StateType, text!, expected, clock.GetUtcNow(), ct);
        ETags.Write(http.Response, state.Version);
        var body = ContractMapping.ToResponse(state);
        return expected is null ? TypedResults.Created(http.Request.Path, body) : TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<AgentStateResponse>, ProblemHttpResult>> GetAsync(
        [AsParameters] StateKey key, ClaimsPrincipal user, IAgentStateStore store, HttpContext http, CancellationToken ct)
    {
        var state = await store.GetAsync(user.TenantId(), key.AgentId, key.StateType, ct);
        if (state is null)
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Agent '{key.AgentId}' has no '{key.StateType}' state.");
        ETags.Write(http.Response, state.Version);
        return TypedResults.Ok(ContractMapping.ToResponse(state));
    }

    private static async Task<Results<Ok<Page<AgentStateResponse>>, ValidationProblem>> HistoryAsync(
        [AsParameters] StateKey key, [AsParameters] PageQuery query, ClaimsPrincipal user, IAgentStateStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var page = errors.Page(query.Offset, query.Limit);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok((await store.ListHistoryAsync(user.TenantId(), key.AgentId, key.StateType, page, ct)).Map(ContractMapping.ToResponse));
    }
}
