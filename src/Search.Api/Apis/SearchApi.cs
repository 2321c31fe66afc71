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
        var group = app.MapGroup("/v1/search").WithTags("Search").RequireRateLimiting(Extensions.TenantRateLimitPolicy);
        group.MapPost("/", PostAsync).WithName("Search")
            .WithSummary("Search the tenant's knowledge: hybrid (default), semantic, fulltext or structured (the document store's text search)")
            .WithDescription("Hybrid fuses the semantic, full-text and structured engines by weighted reciprocal rank (k=60) and returns one hit per entry with its best chunk and highlights. "
                + "If an engine fails or times out, the others' hits are returned with a warning; 503 only when every engine failed. "
                + "explain=true adds each engine's rank and raw score per hit. filters.agentId keeps the entries of that agent (entries of no agent are left out).");
        group.MapGet("/", GetAsync).WithName("SearchSimple")
            .WithSummary("Simple hybrid search: /v1/search?q=...&limit=10&mode=hybrid");
        return group;
    }

    private static Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string? q, ClaimsPrincipal user, KnowledgeSearchService search, CancellationToken ct, string? mode = null, int limit = SearchRequest.DefaultLimit)
    {
        var errors = new Dictionary<string, string[]>();
        var parsedMode = EnumQuery.Parse<SearchMode>(mode, "mode", errors) ?? SearchMode.Hybrid;
        return errors.Count > 0
            ? Task.FromResult<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>>(TypedResults.ValidationProblem(errors))
            : PostAsync(new SearchRequest(q, parsedMode, limit), user, search, ct);
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
    internal static void ValidateQueryAndLimit(Dictionary<string, string[]> errors, string? query, int limit)
    {
        if (string.IsNullOrWhiteSpace(query)) errors["query"] = ["query is required."];
        else if (query.Length > SearchRequest.MaxQueryLength) errors["query"] = [$"query is longer than {SearchRequest.MaxQueryLength} characters."];
        if (limit is < 1 or > SearchRequest.MaxLimit) errors["limit"] = [$"limit must be between 1 and {SearchRequest.MaxLimit}."];
    }

    internal static Dictionary<string, string[]> Validate(SearchRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateQueryAndLimit(errors, request.Query, request.Limit);
        if (!Enum.IsDefined(request.Mode)) errors["mode"] = ["mode must be hybrid, semantic, fulltext or structured."];
        if (request.Filters is { } f)
        {
            if (f.Tags is { Count: > KnowledgeRules.MaxTags }) errors["filters.tags"] = [$"at most {KnowledgeRules.MaxTags} tags."];
            if (f.Category is { Length: > KnowledgeRules.MaxCategoryLength }) errors["filters.category"] = [$"category is longer than {KnowledgeRules.MaxCategoryLength} characters."];
            if (f.CreatedFrom is { } from && f.CreatedTo is { } to && from > to) errors["filters.createdFrom"] = ["createdFrom is after createdTo."];
            if (f.AgentId is { Length: > TextRules.MaxIdLength }) errors["filters.agentId"] = [$"agentId is longer than {TextRules.MaxIdLength} characters."];
        }
        return errors;
    }
}
