using System.Security.Claims;
using AgentPlatform.Contracts;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.SearchApi.Apis;

/// <summary>Memory search: what an agent recalls from its conversations (and, when asked, its knowledge).</summary>
public static class MemorySearchApi
{
    public static RouteHandlerBuilder MapMemorySearchApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/memory/search", SearchAsync)
            .WithTags("Memory").WithName("SearchMemory")
            .RequireRateLimiting(Extensions.TenantRateLimitPolicy)
            .WithSummary("Recall conversation messages (and knowledge) by meaning and by keyword")
            .WithDescription("mode semantic | fulltext | hybrid (default: both engines, min-max normalised scores averaged; Search:Memory:Fusion), scope "
                + "conversations (default) | knowledge | all, filters agentId, sessionId, userId, role, createdFrom (inclusive), "
                + $"createdTo (exclusive), context: up to {MemorySearchRequest.MaxContext} neighbouring turns of the session before and "
                + "after each message hit. The turns next to the first hits are lifted toward them (Search:Memory:NeighbourWeight). One hit per "
                + "message (or entry) with its score, highlights and, with explain, each engine's rank (and the lifting hit's, as neighbour). "
                + "A failed engine becomes a warning; only when every engine fails is it a 503.");

    private static async Task<Results<Ok<MemorySearchResponse>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        MemorySearchRequest request, ClaimsPrincipal user, MemorySearchService search, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        try
        {
            return TypedResults.Ok(await search.SearchAsync(user.TenantId(), request, ct));
        }
        catch (AllEnginesFailedException failed)
        {
            return SearchApi.Unavailable(failed);
        }
    }

    internal static Dictionary<string, string[]> Validate(MemorySearchRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        SearchApi.ValidateQueryAndLimit(errors, request.Query, request.Limit);
        if (request.Context is < 0 or > MemorySearchRequest.MaxContext) errors["context"] = [$"context must be between 0 and {MemorySearchRequest.MaxContext} turns."];
        if (request.Filters is { } f)
        {
            ValidateId(errors, "filters.agentId", f.AgentId);
            ValidateId(errors, "filters.userId", f.UserId);
            if (f.SessionId is not null && !Guid.TryParse(f.SessionId, out _)) errors["filters.sessionId"] = ["sessionId must be a session id (a GUID)."];
            if (f.CreatedFrom is { } from && f.CreatedTo is { } to && from > to) errors["filters.createdFrom"] = ["createdFrom is after createdTo."];
        }
        return errors;
    }

    private static void ValidateId(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (value is null) return;
        if (value.Length is 0 or > TextRules.MaxIdLength) errors[field] = [$"{field} must be 1 to {TextRules.MaxIdLength} characters."];
        else if (TextRules.Check(field, value, freeText: false) is { } problem) errors[field] = [problem];
    }
}
