using AgentPlatform.Contracts;
using System.Security.Claims;
using System.Text.Json;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Conversation messages of a session (document store).</summary>
public static class ConversationsApi
{
    public const int MaxMessageLength = 256 * 1024;
    public const int MaxMessageBatch = 500;

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sessions/{id:guid}/messages").WithTags("Conversations").RequireRateLimiting(Extensions.TenantRateLimitPolicy);
        group.MapPost("/", AppendAsync).WithName("AppendMessage").WithSummary("Append a message to the session's conversation");
        group.MapPost("/batch", AppendBatchAsync).WithName("AppendMessages").WithSummary($"Append up to {MaxMessageBatch} messages in order");
        group.MapGet("/", HistoryAsync).WithName("GetConversation").WithSummary("The session's messages, newest first, paged by a before cursor")
            .WithDescription("Returns up to `limit` messages, newest first. Without `before` the page starts at the newest message; "
                             + "with `before` (a message id of this session, usually the previous page's `nextBefore`) it holds the messages "
                             + "right after that one, so messages stamped at the same time are neither skipped nor repeated while new ones arrive. "
                             + "`nextBefore` is null on the last page. `offset` still pages by position but cannot be combined with `before`; "
                             + "an id that is no message of this session is a 400.");
        return app;
    }

    private static async Task<Results<Created<MessageResponse>, ProblemHttpResult, ValidationProblem>> AppendAsync(
        Guid id, MessageRequest request, ClaimsPrincipal user, IAgentMemoryStore sessions, IConversationStore conversations, TimeProvider clock, CancellationToken ct)
    {
        var result = await AppendManyAsync(id, [request], "", user, sessions, conversations, clock, ct);
        return result.Result switch
        {
            Ok<IReadOnlyList<MessageResponse>> ok => TypedResults.Created($"/v1/sessions/{id}/messages", ok.Value![0]),
            ProblemHttpResult problem => problem,
            ValidationProblem invalid => invalid,
            _ => throw new InvalidOperationException("unexpected result"),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageResponse>>, ProblemHttpResult, ValidationProblem>> AppendBatchAsync(
        Guid id, MessageBatchRequest request, ClaimsPrincipal user, IAgentMemoryStore sessions, IConversationStore conversations, TimeProvider clock, CancellationToken ct)
    {
        if (request.Messages is not { Count: > 0 and <= MaxMessageBatch } messages)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messages"] = [$"send 1 to {MaxMessageBatch} messages."] });
        return await AppendManyAsync(id, messages, "messages", user, sessions, conversations, clock, ct);
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageResponse>>, ProblemHttpResult, ValidationProblem>> AppendManyAsync(
        Guid sessionId, IReadOnlyList<MessageRequest> requests, string errorPrefix, ClaimsPrincipal user,
        IAgentMemoryStore sessions, IConversationStore conversations, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var metadata = new string?[requests.Count];
        var now = clock.GetUtcNow();
        for (var i = 0; i < requests.Count; i++)
        {
            var p = errorPrefix.Length == 0 ? "" : $"{errorPrefix}[{i}].";
            var r = requests[i];
            if (r is null) { errors[$"{errorPrefix}[{i}]"] = ["message must be an object."]; continue; }
            if (r.Role is null || !Enum.IsDefined(r.Role.Value)) errors[p + "role"] = [$"role must be one of {string.Join(", ", Enum.GetNames<MessageRole>())}."];
            if (AgentPlatform.Validation.TextRules.IsBlank(r.Content)) errors[p + "content"] = ["content is required."];
            else if (r.Content!.Length > MaxMessageLength) errors[p + "content"] = [$"content is longer than {MaxMessageLength} characters."];
            SessionsApi.ValidateText(errors, p + "content", r.Content);
            SessionsApi.ValidateId(errors, p + "userId", r.UserId, required: false);
            metadata[i] = MetadataRules.Validate(errors, p + "metadata", r.Metadata);
            TimeRules.ValidatePast(errors, p + "createdAt", r.CreatedAt, now);
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var tenant = user.TenantId();
        var session = await sessions.GetSessionAsync(tenant, sessionId, ct);
        if (session is null) return SessionsApi.SessionNotFound(sessionId);
        // Messages of one request keep their order: each is stamped one tick after the previous, unless the caller dates it (an import).
        var messages = requests.Select((r, i) => new ConversationMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant,
            SessionId = sessionId,
            AgentId = session.AgentId,
            UserId = r.UserId ?? session.UserId,
            Role = r.Role!.Value,
            Content = r.Content!,
            CreatedAt = r.CreatedAt ?? now.AddTicks(i),
            MetadataJson = metadata[i],
        }).ToList();
        // Same rule as interactions: an ended session takes no messages (409), and the append runs while the session is
        // held, so an end that races it waits and is stamped after every message it let in.
        await sessions.WriteWhileActiveAsync(tenant, sessionId, () => conversations.AppendAsync(messages, ct), ct);
        return TypedResults.Ok<IReadOnlyList<MessageResponse>>([.. messages.Select(m => m.ToResponse())]);
    }

    private static async Task<Results<Ok<MessagePage>, ProblemHttpResult, ValidationProblem>> HistoryAsync(
        Guid id, ClaimsPrincipal user, IAgentMemoryStore sessions, IConversationStore conversations, CancellationToken ct,
        string? before = null, int? offset = null, int limit = PageRequest.DefaultLimit)
    {
        if (PagingRules.Validate(offset ?? 0, limit) is { } invalid) return invalid;
        Guid cursor = default;
        if (before is not null && offset is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["before"] = ["give either before or offset, not both."],
                ["offset"] = ["give either before or offset, not both."],
            });
        if (before is not null && !Guid.TryParse(before, out cursor))
            return UnknownCursor();
        var tenant = user.TenantId();
        if (await sessions.GetSessionAsync(tenant, id, ct) is null) return SessionsApi.SessionNotFound(id);
        if (before is null)
            return TypedResults.Ok((await conversations.GetHistoryAsync(tenant, id, new PageRequest(offset ?? 0, limit), ct)).ToMessagePage());
        // The session exists, so an id that is not one of its messages is a bad cursor (400), not a missing resource.
        return await conversations.GetHistoryBeforeAsync(tenant, id, cursor, limit, ct) is { } page
            ? TypedResults.Ok(page.ToMessagePage())
            : UnknownCursor();
    }

    private static ValidationProblem UnknownCursor() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["before"] = ["before must be the id of a message of this session (the nextBefore of a previous page)."],
    });
}
