using AgentPlatform.Contracts;
using System.Diagnostics;
using System.Security.Claims;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.SearchApi.Apis;

/// <summary>Full-text search over conversation messages (the "conversations" index the worker fills from the document store).</summary>
public static class ConversationSearchApi
{
    /// <summary>The longest agent or user id Ingestion.Api accepts.</summary>
    /// <summary>offset + limit: Elasticsearch's default max_result_window, and a bound on what Lucene collects per query.</summary>
    public const int MaxResultWindow = 10_000;
    public const int SnippetLength = 300;

    public static RouteHandlerBuilder MapConversationSearchApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/conversations/search", SearchAsync)
            .WithTags("Conversations").WithName("SearchConversations")
            .RequireRateLimiting(Extensions.TenantRateLimitPolicy)
            .WithSummary("Full-text search over the tenant's conversation messages, filtered by agent, session, user and time")
            .WithDescription("Matches message content (English stemming, typo tolerance) and returns the best messages first with "
                + "highlighted fragments. Messages become searchable once the Embedding.Worker has indexed them, normally within a second.");

    private static async Task<Results<Ok<ConversationSearchResponse>, ValidationProblem>> SearchAsync(
        ConversationSearchRequest request, ClaimsPrincipal user, IFullTextIndex fullText, CancellationToken ct)
    {
        var errors = Validate(request, out var sessionId);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var started = Stopwatch.GetTimestamp();
        var query = request.Query!.Trim();
        var filter = new SearchFilter
        {
            AgentId = request.AgentId,
            // Indexed in "D" form; any form the caller used ("N", braces, upper case) names the same session.
            SessionId = sessionId?.ToString("D"),
            UserId = request.UserId,
            From = request.From,
            To = request.To,
        };
        var result = await fullText.SearchAsync(FullTextIndexName.Conversations,
            new FullTextQuery(user.TenantId(), query, filter, request.Offset, request.Limit), ct);
        var hits = new List<ConversationSearchHit>(result.Hits.Count);
        foreach (var hit in result.Hits)
        {
            if (ConversationDocuments.ToMessage(hit.Document) is not { } message) continue;
            hits.Add(new ConversationSearchHit(message.Id, message.SessionId, message.AgentId, message.UserId, message.Role,
                Snippet(message.Content), hit.Highlights, message.CreatedAt, Math.Round(hit.Score, 6)));
        }
        return TypedResults.Ok(new ConversationSearchResponse(query, hits, result.Total, request.Offset, request.Limit,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    internal static Dictionary<string, string[]> Validate(ConversationSearchRequest request, out Guid? sessionId)
    {
        var errors = new Dictionary<string, string[]>();
        SearchApi.ValidateQueryAndLimit(errors, request.Query, request.Limit);
        if (request.Offset < 0) errors["offset"] = ["offset must be >= 0."];
        else if ((long)request.Offset + request.Limit > MaxResultWindow) errors["offset"] = [$"offset + limit must be at most {MaxResultWindow}."];
        ValidateId(errors, "agentId", request.AgentId);
        ValidateId(errors, "userId", request.UserId);
        sessionId = null;
        if (request.SessionId is not null)
        {
            if (Guid.TryParse(request.SessionId, out var parsed)) sessionId = parsed;
            else errors["sessionId"] = ["sessionId must be a session id (a GUID)."];
        }
        if (request.From is { } from && request.To is { } to && from > to) errors["from"] = ["from is after to."];
        return errors;
    }

    private static void ValidateId(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (value is null) return;
        if (value.Length is 0 or > TextRules.MaxIdLength) errors[field] = [$"{field} must be 1 to {TextRules.MaxIdLength} characters."];
    }

    /// <summary>The start of the content, cut at a whole character (never between the halves of a surrogate pair).</summary>
    internal static string Snippet(string content)
    {
        if (content.Length <= SnippetLength) return content;
        var length = char.IsHighSurrogate(content[SnippetLength - 1]) ? SnippetLength - 1 : SnippetLength;
        return string.Concat(content.AsSpan(0, length), "…");
    }
}
