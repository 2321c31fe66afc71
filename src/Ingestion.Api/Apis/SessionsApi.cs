using AgentPlatform.Contracts;
using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Services;
using AgentPlatform.Ports;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Agent sessions and their interactions (relational store).</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions").WithTags("Sessions");
        sessions.MapPost("/", CreateAsync).WithName("CreateSession").WithSummary("Start a session for an agent");
        sessions.MapGet("/{id:guid}", GetAsync).WithName("GetSession").WithSummary("Get a session");
        sessions.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteSession")
            .WithSummary("Delete a session with its interactions and messages (202): the messages leave the history at once, then full text and memory vectors");
        sessions.MapPost("/{id:guid}/end", EndAsync).WithName("EndSession").WithSummary("End an active session (?status=completed|abandoned, default completed); 409 when already ended");
        sessions.MapPost("/{id:guid}/interactions", AddInteractionAsync).WithName("AddInteraction")
            .WithSummary("Log one interaction; 404 for an unknown session, 409 for an ended one");
        sessions.MapPost("/{id:guid}/interactions/batch", AddInteractionBatchAsync).WithName("AddInteractionBatch")
            .WithSummary($"Log up to {SessionService.MaxInteractionBatch} interactions at once (all or nothing)");
        sessions.MapGet("/{id:guid}/interactions", ListInteractionsAsync).WithName("ListInteractions").WithSummary("Interactions of a session, newest first; ?success=false keeps the failed ones");
        app.MapGet("/v1/agents/{agentId}/sessions", ListForAgentAsync).WithTags("Sessions").WithName("ListAgentSessions")
            .WithSummary("An agent's sessions newest first, optionally within [from, to] and by status");
        return app;
    }

    /// <summary>The query of <c>GET /v1/sessions/{id}/interactions</c>; success is read as text, so "yes" gets a 400
    /// naming the field like every other invalid query value.</summary>
    internal sealed record InteractionListQuery(Guid Id, string? Success = null, int Offset = 0, int Limit = PageRequest.DefaultLimit);

    /// <summary>The route and query of <c>GET /v1/agents/{agentId}/sessions</c>.</summary>
    internal sealed record AgentSessionsQuery(string AgentId, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Status = null,
        int Offset = 0, int Limit = PageRequest.DefaultLimit);

    private static async Task<Results<Created<SessionResponse>, ValidationProblem>> CreateAsync(
        CreateSessionRequest request, ClaimsPrincipal user, SessionService sessions, CancellationToken ct)
    {
        var errors = sessions.Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var session = await sessions.CreateAsync(user.TenantId(), request, ct);
        return TypedResults.Created($"/v1/sessions/{session.Id}", session.ToResponse());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, IAgentMemoryStore store, IConversationWriter conversations, CancellationToken ct)
    {
        var tenant = user.TenantId();
        return await store.DeleteSessionAsync(tenant, id, () => conversations.DeleteAsync(tenant, id, messageId: null, ct), ct)
            ? TypedResults.Accepted($"/v1/sessions/{id}")
            : SessionNotFound(id);
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct) =>
        await store.GetSessionAsync(user.TenantId(), id, ct) is { } session ? TypedResults.Ok(session.ToResponse()) : SessionNotFound(id);

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult, ValidationProblem>> EndAsync(
        Guid id, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct, string? status = null)
    {
        var errors = new RequestErrors();
        var endStatus = errors.Enum<SessionStatus>("status", status) ?? SessionStatus.Completed;
        if (endStatus == SessionStatus.Active) errors.Add("status", "status must be completed or abandoned.");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // Of concurrent ends exactly one wins; the others get 409 (SessionEndedException) with the status that won.
        var ended = await store.EndSessionAsync(user.TenantId(), id, endStatus, endedAt: null, ct);
        return ended is null ? SessionNotFound(id) : TypedResults.Ok(ended.ToResponse());
    }

    private static async Task<Results<Created<InteractionResponse>, ProblemHttpResult, ValidationProblem>> AddInteractionAsync(
        Guid id, InteractionRequest request, ClaimsPrincipal user, SessionService sessions, CancellationToken ct)
    {
        var errors = SessionService.Validate([request], field: "");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await sessions.AddInteractionsAsync(user.TenantId(), id, [request], ct) is { } added
            ? TypedResults.Created($"/v1/sessions/{id}/interactions", added[0].ToResponse())
            : SessionNotFound(id);
    }

    private static async Task<Results<Ok<IReadOnlyList<InteractionResponse>>, ProblemHttpResult, ValidationProblem>> AddInteractionBatchAsync(
        Guid id, InteractionBatchRequest request, ClaimsPrincipal user, SessionService sessions, CancellationToken ct)
    {
        var items = request.Interactions ?? [];
        var errors = new RequestErrors();
        if (items.Count is 0 or > SessionService.MaxInteractionBatch) errors.Add("interactions", $"send 1 to {SessionService.MaxInteractionBatch} interactions.");
        else errors.AddRange(SessionService.Validate(items, field: "interactions"));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await sessions.AddInteractionsAsync(user.TenantId(), id, items, ct) is { } added
            ? TypedResults.Ok<IReadOnlyList<InteractionResponse>>([.. added.Select(i => i.ToResponse())])
            : SessionNotFound(id);
    }

    private static async Task<Results<Ok<Page<InteractionResponse>>, ProblemHttpResult, ValidationProblem>> ListInteractionsAsync(
        [AsParameters] InteractionListQuery query, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        bool? outcome = null;
        if (query.Success is not null)
        {
            if (bool.TryParse(query.Success, out var parsed)) outcome = parsed;
            else errors.Add("success", "success must be true or false.");
        }
        var page = errors.Page(query.Offset, query.Limit);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var tenant = user.TenantId();
        if (await store.GetSessionAsync(tenant, query.Id, ct) is null) return SessionNotFound(query.Id);
        return TypedResults.Ok((await store.ListInteractionsAsync(tenant, query.Id, outcome, page, ct)).Map(i => i.ToResponse()));
    }

    private static async Task<Results<Ok<Page<SessionResponse>>, ValidationProblem>> ListForAgentAsync(
        [AsParameters] AgentSessionsQuery query, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var sessionStatus = errors.Enum<SessionStatus>("status", query.Status);
        errors.Id("agentId", query.AgentId, required: true);
        errors.Window("from", query.From, "to", query.To);
        var page = errors.Page(query.Offset, query.Limit);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok((await store.ListSessionsAsync(user.TenantId(), new SessionQuery(query.AgentId, query.From, query.To, sessionStatus), page, ct)).Map(s => s.ToResponse()));
    }

    internal static ProblemHttpResult SessionNotFound(Guid id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Session {id} does not exist for this tenant.");
}
