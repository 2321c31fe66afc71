using AgentPlatform.Contracts;
using System.Security.Claims;
using AgentPlatform.Knowledge;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.SearchApi.Apis;

public static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/search").WithTags("Search");
        group.MapPost("/", PostAsync).WithName("Search")
            .WithSummary("Search the tenant's knowledge: hybrid (default), semantic, fulltext or structured (the document store's text search)")
            .WithDescription("Hybrid fuses the semantic and full-text engines (and structured when Search:StructuredWeight > 0) by min-max normalised scores averaged with their weights (Search:Fusion; ReciprocalRank: weighted reciprocal rank, k = Search:RrfK) and returns one hit per entry with its best chunk and highlights. "
                + "If an engine fails or times out, the others' hits are returned with a warning; 503 only when every engine failed. "
                + "explain=true adds each engine's rank and raw score per hit. filters.agentId keeps the entries of that agent (entries of no agent are left out).");
        group.MapGet("/", GetAsync).WithName("SearchSimple")
            .WithSummary("Simple hybrid search: /v1/search?q=...&limit=10&mode=hybrid");
        return group;
    }

    /// <summary>The query of <c>GET /v1/search</c>.</summary>
    internal sealed record SimpleSearchQuery(string? Q = null, string? Mode = null, int Limit = SearchRequest.DefaultLimit);

    private static Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [AsParameters] SimpleSearchQuery query, ClaimsPrincipal user, KnowledgeSearchService search, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var parsedMode = errors.Enum<SearchMode>("mode", query.Mode) ?? SearchMode.Hybrid;
        return errors.Count > 0
            ? Task.FromResult<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>>(TypedResults.ValidationProblem(errors))
            : PostAsync(new SearchRequest(query.Q, parsedMode, query.Limit), user, search, ct);
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        SearchRequest request, ClaimsPrincipal user, KnowledgeSearchService search, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        try
        {
            return TypedResults.Ok(await search.SearchAsync(user.TenantId(), request, ct));
        }
        catch (AllEnginesFailedException failed)
        {
            return Unavailable(failed);
        }
    }

    /// <summary>Every engine a search needed failed: 503, with each engine's failure in warnings.</summary>
    internal static ProblemHttpResult Unavailable(AllEnginesFailedException failed) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Search unavailable", detail: failed.Message,
            extensions: new Dictionary<string, object?> { ["warnings"] = failed.Warnings });

    /// <summary>The query and limit rules every search endpoint shares.</summary>
    internal static void ValidateQueryAndLimit(RequestErrors errors, string? query, int limit)
    {
        errors.Query("query", query, SearchRequest.MaxQueryLength);
        errors.Range("limit", limit, 1, SearchRequest.MaxLimit);
    }

    internal static RequestErrors Validate(SearchRequest request)
    {
        var errors = new RequestErrors();
        ValidateQueryAndLimit(errors, request.Query, request.Limit);
        errors.Defined("mode", (SearchMode?)request.Mode);
        if (request.Filters is { } f)
        {
            if (f.Tags is { Count: > KnowledgeRules.MaxTags }) errors.Add("filters.tags", $"filters.tags holds {f.Tags.Count} tags; the limit is {KnowledgeRules.MaxTags}.");
            if (f.Category is { Length: > KnowledgeRules.MaxCategoryLength }) errors.Add("filters.category", $"filters.category is longer than {KnowledgeRules.MaxCategoryLength} characters.");
            errors.Window("filters.createdFrom", f.CreatedFrom, "filters.createdTo", f.CreatedTo);
            errors.Id("filters.agentId", f.AgentId, required: false);
        }
        return errors;
    }
}
