using AgentPlatform.Contracts;
using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Services;
using AgentPlatform.Ports;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Conversation messages of a session (document store).</summary>
public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sessions/{id:guid}/messages").WithTags("Conversations");
        group.MapPost("/", AppendAsync).WithName("AppendMessage").WithSummary("Append a message to the session's conversation");
        group.MapPost("/batch", AppendBatchAsync).WithName("AppendMessages").WithSummary($"Append up to {ConversationService.MaxMessageBatch} messages in order");
        group.MapGet("/", HistoryAsync).WithName("GetConversation").WithSummary("The session's messages, newest first, paged by a before cursor")
            .WithDescription("Returns up to `limit` messages, newest first. Without `before` the page starts at the newest message; "
                             + "with `before` (a message id of this session, usually the previous page's `nextBefore`) it holds the messages "
                             + "right after that one, so messages stamped at the same time are neither skipped nor repeated while new ones arrive. "
                             + "`nextBefore` is null on the last page. `offset` still pages by position but cannot be combined with `before`; "
                             + "an id that is no message of this session is a 400.");
        group.MapPut("/{messageId:guid}", UpdateAsync).WithName("UpdateMessage")
            .WithSummary("Correct a message's content: re-indexed (full text and memory vectors) by the worker")
            .WithDescription("Role, speaker and time stay as they were; allowed in an ended session too (a correction of the record).");
        group.MapDelete("/{messageId:guid}", DeleteAsync).WithName("DeleteMessage")
            .WithSummary("Delete a message: gone from the history at once, then from full text and memory vectors (202)");
        return app;
    }

    /// <summary>The query of <c>GET /v1/sessions/{id}/messages</c>: a before cursor or an offset, and the page size.</summary>
    internal sealed record HistoryQuery(Guid Id, string? Before = null, int? Offset = null, int Limit = PageRequest.DefaultLimit);

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult, ValidationProblem>> UpdateAsync(
        Guid id, Guid messageId, MessageUpdateRequest request, ClaimsPrincipal user, IConversationWriter conversations, CancellationToken ct)
    {
        var errors = new RequestErrors();
        errors.Text("content", request.Content, ConversationService.MaxMessageLength, required: true);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await conversations.UpdateContentAsync(user.TenantId(), id, messageId, request.Content!, ct) is { } updated
            ? TypedResults.Ok(updated.ToResponse())
            : MessageNotFound(id, messageId);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid messageId, ClaimsPrincipal user, IConversationWriter conversations, CancellationToken ct) =>
        await conversations.DeleteAsync(user.TenantId(), id, messageId, ct) > 0
            ? TypedResults.Accepted($"/v1/sessions/{id}/messages")
            : MessageNotFound(id, messageId);

    private static ProblemHttpResult MessageNotFound(Guid sessionId, Guid messageId) => TypedResults.Problem(statusCode: 404, title: "Not found",
        detail: $"Message {messageId} is no message of session {sessionId} for this tenant.");

    private static async Task<Results<Created<MessageResponse>, ProblemHttpResult, ValidationProblem>> AppendAsync(
        Guid id, MessageRequest request, ClaimsPrincipal user, ConversationService messages, CancellationToken ct)
    {
        var errors = messages.Validate([request], field: "");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await messages.AppendAsync(user.TenantId(), id, [request], ct) is { } appended
            ? TypedResults.Created($"/v1/sessions/{id}/messages", appended[0].ToResponse())
            : SessionsApi.SessionNotFound(id);
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageResponse>>, ProblemHttpResult, ValidationProblem>> AppendBatchAsync(
        Guid id, MessageBatchRequest request, ClaimsPrincipal user, ConversationService messages, CancellationToken ct)
    {
        var items = request.Messages ?? [];
        var errors = new RequestErrors();
        if (items.Count is 0 or > ConversationService.MaxMessageBatch) errors.Add("messages", $"send 1 to {ConversationService.MaxMessageBatch} messages.");
        else errors.AddRange(messages.Validate(items, field: "messages"));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await messages.AppendAsync(user.TenantId(), id, items, ct) is { } appended
            ? TypedResults.Ok<IReadOnlyList<MessageResponse>>([.. appended.Select(m => m.ToResponse())])
            : SessionsApi.SessionNotFound(id);
    }

    private static async Task<Results<Ok<MessagePage>, ProblemHttpResult, ValidationProblem>> HistoryAsync(
        [AsParameters] HistoryQuery query, ClaimsPrincipal user, IAgentMemoryStore sessions, IConversationHistory conversations, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var page = errors.Page(query.Offset ?? 0, query.Limit);
        if (query.Before is not null && query.Offset is not null)
        {
            errors.Add("before", "give either before or offset, not both.");
            errors.Add("offset", "give either before or offset, not both.");
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        Guid cursor = default;
        if (query.Before is not null && !Guid.TryParse(query.Before, out cursor))
            return UnknownCursor();
        var tenant = user.TenantId();
        if (await sessions.GetSessionAsync(tenant, query.Id, ct) is null) return SessionsApi.SessionNotFound(query.Id);
        if (query.Before is null)
            return TypedResults.Ok((await conversations.GetHistoryAsync(tenant, query.Id, page, ct)).ToMessagePage());
        // The session exists, so an id that is not one of its messages is a bad cursor (400), not a missing resource.
        return await conversations.GetHistoryBeforeAsync(tenant, query.Id, cursor, query.Limit, ct) is { } before
            ? TypedResults.Ok(before.ToMessagePage())
            : UnknownCursor();
    }

    private static ValidationProblem UnknownCursor() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["before"] = ["before must be the id of a message of this session (the nextBefore of a previous page)."],
    });
}
