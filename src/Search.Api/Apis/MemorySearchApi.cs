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
            
            .WithSummary("Recall conversation messages (and knowledge) by meaning and by keyword")
            .WithDescription("mode semantic | fulltext | hybrid (default: both engines, min-max normalised scores averaged; Search:Fusion), scope "
                + "conversations (default) | knowledge | all, filters agentId, sessionId, userId, role, createdFrom (inclusive), "
                + $"createdTo (exclusive), context: up to {MemorySearchRequest.MaxContext} neighbouring turns of the session before and "
                + "after each message hit. Full text leaves question words (what, when, did, ...) out of the query; messages are matched "
                + "by meaning passage by passage and shown whole. The turns up to two before and after the first hits are lifted toward "
                + "them (Search:Memory:NeighbourWeight, NeighbourTurns); a search by meaning also brings such a turn in when no engine "
                + "found it, within the filters. One hit per message (or entry) with its score, highlights and, with explain, each "
                + "engine's rank (and the lifting hit's, as neighbour). "
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

    internal static RequestErrors Validate(MemorySearchRequest request)
    {
        var errors = new RequestErrors();
        SearchApi.ValidateQueryAndLimit(errors, request.Query, request.Limit);
        errors.Range("context", request.Context, 0, MemorySearchRequest.MaxContext);
        if (request.Filters is { } f)
        {
            errors.Id("filters.agentId", f.AgentId, required: false);
            errors.Id("filters.userId", f.UserId, required: false);
            errors.Guid("filters.sessionId", f.SessionId, required: false);
            errors.Window("filters.createdFrom", f.CreatedFrom, "filters.createdTo", f.CreatedTo);
        }
        return errors;
    }
}
