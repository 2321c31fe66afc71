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
    /// <summary>offset + limit: Elasticsearch's default max_result_window, and a bound on what Lucene collects per query.</summary>
    public const int MaxResultWindow = 10_000;
    public const int SnippetLength = 300;

    public static RouteHandlerBuilder MapConversationSearchApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/conversations/search", SearchAsync)
            .WithTags("Conversations").WithName("SearchConversations")
            
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

    internal static RequestErrors Validate(ConversationSearchRequest request, out Guid? sessionId)
    {
        var errors = new RequestErrors();
        SearchApi.ValidateQueryAndLimit(errors, request.Query, request.Limit);
        if (request.Offset < 0) errors.Add("offset", "offset must be 0 or more.");
        else if ((long)request.Offset + request.Limit > MaxResultWindow) errors.Add("offset", $"offset + limit must be at most {MaxResultWindow}.");
        errors.Id("agentId", request.AgentId, required: false);
        errors.Id("userId", request.UserId, required: false);
        sessionId = errors.Guid("sessionId", request.SessionId, required: false);
        errors.Window("from", request.From, "to", request.To);
        return errors;
    }

    /// <summary>The start of the content, cut at a whole character (never between the halves of a surrogate pair).</summary>
    internal static string Snippet(string content)
    {
        if (content.Length <= SnippetLength) return content;
        var length = char.IsHighSurrogate(content[SnippetLength - 1]) ? SnippetLength - 1 : SnippetLength;
        return string.Concat(content.AsSpan(0, length), "…");
    }
}
