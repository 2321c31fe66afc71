using AgentPlatform.Contracts;
using System.Globalization;
using System.Security.Claims;
using AgentPlatform.Domain;
using AgentPlatform.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.AnalyticsApi.Apis;

/// <summary>Per-agent and per-tenant analytics over the last N UTC days.</summary>
public static class AnalyticsApi
{
    public const int DefaultDays = 7;
    public const int MaxDays = 365;

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Analytics");
        group.MapGet("/agents/{agentId}/analytics", AgentAsync).WithName("GetAgentAnalytics")
            .WithSummary($"An agent's sessions, interactions by type, processing time (avg, nearest-rank p50/p95), daily histogram, top intents, messages and the growth of the agent's knowledge entries over the last ?days={DefaultDays} UTC days (1-{MaxDays})");
        group.MapGet("/analytics/overview", OverviewAsync).WithName("GetAnalyticsOverview")
            .WithSummary($"The same figures for the whole tenant, with its most active agents, over the last ?days={DefaultDays} UTC days (1-{MaxDays})");
        return app;
    }

    private static async Task<Results<Ok<AnalyticsReport>, ValidationProblem>> AgentAsync(
        string agentId, ClaimsPrincipal user, AnalyticsReports reports, CancellationToken ct, string? days = null)
    {
        var errors = new RequestErrors();
        errors.Id("agentId", agentId, required: true);
        var window = ParseDays(days, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await reports.GetAsync(user.TenantId(), agentId, window, ct));
    }

    private static async Task<Results<Ok<AnalyticsReport>, ValidationProblem>> OverviewAsync(
        ClaimsPrincipal user, AnalyticsReports reports, CancellationToken ct, string? days = null)
    {
        var errors = new RequestErrors();
        var window = ParseDays(days, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await reports.GetAsync(user.TenantId(), agentId: null, window, ct));
    }

    /// <summary>days is read as text so that "abc" gets the same validation answer as 0 or 366.</summary>
    private static int ParseDays(string? days, RequestErrors errors)
    {
        if (days is null) return DefaultDays;
        if (int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxDays) return parsed;
        errors.Add("days", $"days must be a whole number from 1 to {MaxDays}.");
        return 0;
    }
}
