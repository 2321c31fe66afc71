using AgentPlatform.Contracts;
using System.Security.Claims;
using System.Text.Json;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Agent sessions and their interactions (relational store).</summary>
public static class SessionsApi
{
    public const int MaxTextLength = 256 * 1024;
    public const int MaxMetadataLength = 16 * 1024;
    public const int MaxInteractionBatch = 500;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions").WithTags("Sessions").RequireRateLimiting(Extensions.TenantRateLimitPolicy);
        sessions.MapPost("/", CreateAsync).WithName("CreateSession").WithSummary("Start a session for an agent");
        sessions.MapGet("/{id:guid}", GetAsync).WithName("GetSession").WithSummary("Get a session");
        sessions.MapPost("/{id:guid}/end", EndAsync).WithName("EndSession").WithSummary("End an active session (?status=completed|abandoned, default completed); 409 when already ended");
        sessions.MapPost("/{id:guid}/interactions", AddInteractionAsync).WithName("AddInteraction")
            .WithSummary("Log one interaction; 404 for an unknown session, 409 for an ended one");
        sessions.MapPost("/{id:guid}/interactions/batch", AddInteractionBatchAsync).WithName("AddInteractionBatch")
            .WithSummary($"Log up to {MaxInteractionBatch} interactions at once (all or nothing)");
        sessions.MapGet("/{id:guid}/interactions", ListInteractionsAsync).WithName("ListInteractions").WithSummary("Interactions of a session, newest first; ?success=false keeps the failed ones");
        app.MapGet("/v1/agents/{agentId}/sessions", ListForAgentAsync).WithTags("Sessions").WithName("ListAgentSessions")
            .WithSummary("An agent's sessions newest first, optionally within [from, to] and by status")
            .RequireRateLimiting(Extensions.TenantRateLimitPolicy);
        return app;
    }

    private static async Task<Results<Created<SessionResponse>, ValidationProblem>> CreateAsync(
        CreateSessionRequest request, ClaimsPrincipal user, IAgentMemoryStore store, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateId(errors, "agentId", request.AgentId, required: true);
        ValidateId(errors, "userId", request.UserId, required: false);
        var metadata = MetadataRules.Validate(errors, "metadata", request.Metadata);
        var now = clock.GetUtcNow();
        TimeRules.ValidatePast(errors, "startedAt", request.StartedAt, now);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var session = await store.CreateSessionAsync(new AgentSession
        {
            Id = Guid.CreateVersion7(now),
            TenantId = user.TenantId(),
            AgentId = request.AgentId!,
            UserId = request.UserId,
            StartedAt = request.StartedAt ?? now,
            MetadataJson = metadata,
        }, ct);
        return TypedResults.Created($"/v1/sessions/{session.Id}", session.ToResponse());
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct) =>
        await store.GetSessionAsync(user.TenantId(), id, ct) is { } session ? TypedResults.Ok(session.ToResponse()) : SessionNotFound(id);

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult, ValidationProblem>> EndAsync(
        Guid id, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct, string? status = null)
    {
        var errors = new Dictionary<string, string[]>();
        var endStatus = EnumQuery.Parse<SessionStatus>(status, "status", errors) ?? SessionStatus.Completed;
        if (endStatus == SessionStatus.Active) errors["status"] = ["status must be completed or abandoned."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // Of concurrent ends exactly one wins; the others get 409 (SessionEndedException) with the status that won.
        var ended = await store.EndSessionAsync(user.TenantId(), id, endStatus, endedAt: null, ct);
        return ended is null ? SessionNotFound(id) : TypedResults.Ok(ended.ToResponse());
    }

    private static async Task<Results<Created<InteractionResponse>, ProblemHttpResult, ValidationProblem>> AddInteractionAsync(
        Guid id, InteractionRequest request, ClaimsPrincipal user, IAgentMemoryStore store, TimeProvider clock, CancellationToken ct)
    {
        var result = await AddInteractionsAsync(id, [request], user, store, clock, ct, errorPrefix: "");
        return result.Result switch
        {
            Ok<IReadOnlyList<AgentInteraction>> ok => TypedResults.Created($"/v1/sessions/{id}/interactions", ok.Value![0].ToResponse()),
            ProblemHttpResult problem => problem,
            ValidationProblem invalid => invalid,
            _ => throw new InvalidOperationException("unexpected result"),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<InteractionResponse>>, ProblemHttpResult, ValidationProblem>> AddInteractionBatchAsync(
        Guid id, InteractionBatchRequest request, ClaimsPrincipal user, IAgentMemoryStore store, TimeProvider clock, CancellationToken ct)
    {
        if (request.Interactions is not { Count: > 0 and <= MaxInteractionBatch } items)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["interactions"] = [$"send 1 to {MaxInteractionBatch} interactions."] });
        var result = await AddInteractionsAsync(id, items, user, store, clock, ct, errorPrefix: "interactions");
        return result.Result switch
        {
            Ok<IReadOnlyList<AgentInteraction>> ok => TypedResults.Ok<IReadOnlyList<InteractionResponse>>([.. ok.Value!.Select(i => i.ToResponse())]),
            ProblemHttpResult problem => problem,
            ValidationProblem invalid => invalid,
            _ => throw new InvalidOperationException("unexpected result"),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<AgentInteraction>>, ProblemHttpResult, ValidationProblem>> AddInteractionsAsync(
        Guid sessionId, IReadOnlyList<InteractionRequest> requests, ClaimsPrincipal user, IAgentMemoryStore store, TimeProvider clock, CancellationToken ct, string errorPrefix)
    {
        var errors = new Dictionary<string, string[]>();
        var metadata = new string?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var p = errorPrefix.Length == 0 ? "" : $"{errorPrefix}[{i}].";
            var r = requests[i];
            if (r is null) { errors[$"{errorPrefix}[{i}]"] = ["interaction must be an object."]; continue; }
            if (r.Type is null || !Enum.IsDefined(r.Type.Value)) errors[p + "type"] = [$"type must be one of {string.Join(", ", Enum.GetNames<InteractionType>())}."];
            if (TextRules.IsBlank(r.Input)) errors[p + "input"] = ["input is required."];
            else if (r.Input!.Length > MaxTextLength) errors[p + "input"] = [$"input is longer than {MaxTextLength} characters."];
            if (r.Output is { Length: > MaxTextLength }) errors[p + "output"] = [$"output is longer than {MaxTextLength} characters."];
            ValidateId(errors, p + "intent", r.Intent, required: false);
            ValidateText(errors, p + "input", r.Input);
            ValidateText(errors, p + "output", r.Output);
            if (r.ProcessingTimeMs is < 0 or > 86_400_000) errors[p + "processingTimeMs"] = ["processingTimeMs must be between 0 and 86400000."];
            metadata[i] = MetadataRules.Validate(errors, p + "metadata", r.Metadata);
            ValidateOutcome(errors, p + "errorMessage", r);
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var tenant = user.TenantId();
        var session = await store.GetSessionAsync(tenant, sessionId, ct);
        if (session is null) return SessionNotFound(sessionId);
        var now = clock.GetUtcNow();
        var interactions = requests.Select((r, i) => new AgentInteraction
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant,
            SessionId = sessionId,
            AgentId = session.AgentId,
            Type = r.Type!.Value,
            Input = r.Input!,
            Output = r.Output,
            Intent = string.IsNullOrWhiteSpace(r.Intent) ? null : r.Intent.Trim().ToLowerInvariant(),
            ProcessingTimeMs = r.ProcessingTimeMs,
            // Callers replaying history may date interactions, never in the future.
            CreatedAt = r.CreatedAt is { } at && at <= now ? at : now,
            MetadataJson = metadata[i],
            Success = r.Success ?? true,
            ErrorMessage = r.ErrorMessage,
        }).ToList();
        // The store refuses the write (409 via SessionEndedException) when the session has ended by the time it holds it.
        await store.AddInteractionsAsync(interactions, ct);
        return TypedResults.Ok<IReadOnlyList<AgentInteraction>>(interactions);
    }

    private static async Task<Results<Ok<Page<InteractionResponse>>, ProblemHttpResult, ValidationProblem>> ListInteractionsAsync(
        Guid id, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct, int offset = 0, int limit = PageRequest.DefaultLimit, string? success = null)
    {
        // Read as text, so "yes" gets a 400 naming the field like every other invalid query value.
        bool? outcome = null;
        if (success is not null)
        {
            if (!bool.TryParse(success, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["success"] = ["success must be true or false."] });
            outcome = parsed;
        }
        if (PagingRules.Validate(offset, limit) is { } invalid) return invalid;
        var tenant = user.TenantId();
        if (await store.GetSessionAsync(tenant, id, ct) is null) return SessionNotFound(id);
        return TypedResults.Ok((await store.ListInteractionsAsync(tenant, id, outcome, new PageRequest(offset, limit), ct)).Map(i => i.ToResponse()));
    }

    private static async Task<Results<Ok<Page<SessionResponse>>, ValidationProblem>> ListForAgentAsync(
        string agentId, ClaimsPrincipal user, IAgentMemoryStore store, CancellationToken ct,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? status = null, int offset = 0, int limit = PageRequest.DefaultLimit)
    {
        var errors = new Dictionary<string, string[]>();
        var sessionStatus = EnumQuery.Parse<SessionStatus>(status, "status", errors);
        ValidateId(errors, "agentId", agentId, required: true);
        if (from > to) errors["from"] = ["from is after to."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (PagingRules.Validate(offset, limit) is { } invalid) return invalid;
        return TypedResults.Ok((await store.ListSessionsAsync(user.TenantId(), new SessionQuery(agentId, from, to, sessionStatus), new PageRequest(offset, limit), ct)).Map(s => s.ToResponse()));
    }

    internal static void ValidateId(Dictionary<string, string[]> errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors[field] = [$"{field} is required."];
        }
        else if (TextRules.IsBlank(value)) errors[field] = [$"{field} has no visible characters."];
        else if (value.Length > TextRules.MaxIdLength) errors[field] = [$"{field} is longer than {TextRules.MaxIdLength} characters."];
        else if (TextRules.Check(field, value, freeText: false) is { } problem) errors[field] = [problem];
    }

    /// <summary>An error message belongs to an unsuccessful interaction only, and is free text of bounded length.</summary>
    private static void ValidateOutcome(Dictionary<string, string[]> errors, string field, InteractionRequest request)
    {
        if (request.ErrorMessage is not { } message) return;
        if (request.Success is not false) errors[field] = [$"{field} is only accepted when success is false."];
        else if (message.Length > InteractionRequest.MaxErrorMessageLength) errors[field] = [$"{field} is longer than {InteractionRequest.MaxErrorMessageLength} characters."];
        else ValidateText(errors, field, message);
    }

    /// <summary>Free text (input, output, message content): adds an error when present and not acceptable text.</summary>
    internal static void ValidateText(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (!errors.ContainsKey(field) && TextRules.Check(field, value, freeText: true) is { } problem) errors[field] = [problem];
    }

    internal static ProblemHttpResult SessionNotFound(Guid id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Session {id} does not exist for this tenant.");
}

public static class MetadataRules
{
    /// <summary>Metadata must be a JSON object of at most MaxMetadataLength characters; returns its text or null.</summary>
    public static string? Validate(Dictionary<string, string[]> errors, string field, JsonElement? metadata)
    {
        if (metadata is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (value.ValueKind != JsonValueKind.Object) { errors[field] = [$"{field} must be a JSON object."]; return null; }
        if (JsonValueText.TryGet(value) is not { } text) { errors[field] = [$"{field} {JsonValueText.InvalidText}"]; return null; }
        if (text.Length > SessionsApi.MaxMetadataLength) { errors[field] = [$"{field} is longer than {SessionsApi.MaxMetadataLength} characters."]; return null; }
        return text;
    }
}
