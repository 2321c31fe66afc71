// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using AgentPlatform.AnalyticsApi;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Analytics;

/// <summary>The analytics endpoints over the simulated run, each figure checked against one worked out here from what
/// Ingestion.Api accepted (with this file's own window, percentile and grouping code).</summary>
[Collection(AnalyticsFlowCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class AnalyticsApiTests(AnalyticsFlowFixture flow)
{
    private const string TenantA = "tenant-a";

    private async Task<AnalyticsReport> GetAsync(string path, string apiKey = ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports>.TenantAKey)
    {
        var client = await flow.AnalyticsClientAsync(apiKey);
        return await HttpAssert.OkJsonAsync<AnalyticsReport>(await client.GetAsync(path));
    }

    [Theory]
    [InlineData("support-bot", 7)]
    [InlineData("planner", 7)]
    [InlineData("coder", 3)]
    [InlineData("planner", 1)]
    public async Task Agent_analytics_match_the_simulated_run(string agent, int days)
    {
        var report = await GetAsync($"/v1/agents/{agent}/analytics?days={days}");

        var expected = Expected.For(flow, agent, days);
        AssertMatches(expected, report);
        Assert.Null(report.MostActiveAgents);
        Assert.True(expected.Interactions.Count > 0 && expected.Sessions.Ended > 0 && expected.Messages > 0);
        // The agent's own entries only: some of the tenant's twelve, never all (others belong to other agents or none).
        Assert.InRange(expected.Knowledge.Added, 1, 11);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(2)]
    [InlineData(365)]
    public async Task The_overview_matches_the_simulated_run_and_ranks_the_agents(int days)
    {
        var report = await GetAsync($"/v1/analytics/overview?days={days}");

        var expected = Expected.For(flow, agent: null, days);
        AssertMatches(expected, report);
        Assert.Equal(new KnowledgeGrowth(12, 7, 3), expected.Knowledge);
        var interactionsPerAgent = expected.Interactions.GroupBy(i => i.AgentId)
            .Select(g => new NamedCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(interactionsPerAgent, report.MostActiveAgents);
    }

    [Fact]
    public async Task The_default_window_is_seven_days()
    {
        var report = await GetAsync("/v1/analytics/overview");

        Assert.Equal(7, report.Days);
        Assert.Equal(7, report.Daily.Count);
        Assert.Equal(Expected.For(flow, null, 7).Interactions.Count, report.Interactions.Total);
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_it()
    {
        const string key = ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports>.TenantBKey;
        var overview = await GetAsync("/v1/analytics/overview?days=30", key);
        var agent = await GetAsync("/v1/agents/support-bot/analytics?days=30", key);

        foreach (var report in new[] { overview, agent })
        {
            Assert.Equal("tenant-b", report.TenantId);
            Assert.Equal(new SessionStats(0, 0, 0, null), report.Sessions);
            Assert.Equal(0, report.Interactions.Total);
            Assert.All(report.Interactions.ByType, t => Assert.Equal(0, t.Count));
            Assert.Equal(new ProcessingTimeStats(0, null, null, null), report.ProcessingTime);
            Assert.Equal(0, report.Messages);
            Assert.All(report.Daily, d => Assert.Equal((0, 0, 0), (d.Sessions, d.Interactions, d.Messages)));
            Assert.Empty(report.TopIntents);
            Assert.Equal(new KnowledgeGrowth(0, 0, 0), report.Knowledge);
        }
        Assert.Empty(overview.MostActiveAgents!);
    }

    [Theory]
    [InlineData("/v1/analytics/overview?days=0")]
    [InlineData("/v1/analytics/overview?days=366")]
    [InlineData("/v1/analytics/overview?days=-1")]
    [InlineData("/v1/analytics/overview?days=abc")]
    [InlineData("/v1/agents/planner/analytics?days=7.5")]
    [InlineData("/v1/agents/planner/analytics?days=")]
    public async Task Days_outside_1_to_365_get_a_validation_problem_naming_days(string path)
    {
        var client = await flow.AnalyticsClientAsync();

        var problem = await HttpAssert.ProblemAsync(await client.GetAsync(path), HttpStatusCode.BadRequest);

        Assert.Contains("365", problem.GetProperty("errors").GetProperty("days")[0].GetString());
    }

    [Fact]
    public async Task The_api_needs_a_key_and_the_page_does_not()
    {
        var anonymous = await flow.AnalyticsClientAsync(apiKey: null);

        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/v1/analytics/overview"), HttpStatusCode.Unauthorized);
        using var page = await anonymous.GetAsync("/analytics");
        using var script = await anonymous.GetAsync("/analytics.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg id=\"chart-daily\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("sessionStorage", await script.Content.ReadAsStringAsync());
    }

    private static void AssertMatches(Expected expected, AnalyticsReport report)
    {
        Assert.Equal(TenantA, report.TenantId);
        Assert.Equal((expected.Days, expected.From, expected.To), (report.Days, report.From, report.To));
        Assert.Equal(expected.Sessions with { AverageDurationMs = null }, report.Sessions with { AverageDurationMs = null });
        Assert.Equal(expected.Sessions.AverageDurationMs!.Value, report.Sessions.AverageDurationMs!.Value, 6);
        Assert.Equal(expected.Interactions.Count, report.Interactions.Total);
        Assert.Equal(expected.ByType, report.Interactions.ByType);
        Assert.Equal(expected.ProcessingTime.Count, report.ProcessingTime.Count);
        Assert.Equal(expected.ProcessingTime.P50Ms, report.ProcessingTime.P50Ms);
        Assert.Equal(expected.ProcessingTime.P95Ms, report.ProcessingTime.P95Ms);
        Assert.Equal(expected.ProcessingTime.AverageMs!.Value, report.ProcessingTime.AverageMs!.Value, 9);
        Assert.Equal(expected.Messages, report.Messages);
        Assert.Equal(expected.Daily, report.Daily);
        Assert.Equal(expected.TopIntents, report.TopIntents);
        Assert.Equal(expected.Knowledge, report.Knowledge);
        Assert.Equal(expected.Successful, report.Interactions.Successful);
        Assert.Equal(expected.SuccessRate, report.Interactions.SuccessRate);
        Assert.Equal(expected.SessionsWithInteractions, report.Interactions.Sessions);
        Assert.Equal((expected.UniqueUsers, expected.AverageResponseLength), (report.UniqueUsers, report.AverageResponseLength));
        Assert.Equal(expected.Messages, report.ConversationActivity.Messages);
        Assert.Equal(expected.Daily.Select(d => new DailyCount(d.Day, d.Messages)), report.ConversationActivity.Daily);
        Assert.Equal(expected.TopTerms, report.ConversationActivity.TopTerms);
        Assert.Equal(expected.Roles, report.ConversationActivity.Roles);
    }

    /// <summary>English stop words (Lucene's and Elasticsearch's "_english_" list), left out of the top terms.</summary>
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on",
        "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    ];

    /// <summary>The figures of a window, computed from the simulated run's records.</summary>
    private sealed record Expected(
        int Days, DateTimeOffset From, DateTimeOffset To, SessionStats Sessions, List<AgentInteraction> Interactions,
        List<InteractionTypeCount> ByType, ProcessingTimeStats ProcessingTime, long Messages, List<DailyFigures> Daily,
        List<NamedCount> TopIntents, KnowledgeGrowth Knowledge)
    {
        public long Successful => Interactions.Count(i => i.Success);
        public double? SuccessRate => Interactions.Count == 0 ? null : Math.Round((double)Successful / Interactions.Count, 4);
        public long SessionsWithInteractions => Interactions.Select(i => i.SessionId).Distinct().Count();
        public required long UniqueUsers { get; init; }
        public required double? AverageResponseLength { get; init; }
        public required List<NamedCount> TopTerms { get; init; }
        public required List<NamedCount> Roles { get; init; }

        private static List<NamedCount> Ranked(IEnumerable<string> names, int top) => names.GroupBy(n => n)
            .Select(g => new NamedCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(top).ToList();

        public static Expected For(AnalyticsFlowFixture flow, string? agent, int days)
        {
            var today = DateTime.UtcNow.Date;
            var from = new DateTimeOffset(today.AddDays(1 - days), TimeSpan.Zero);
            var to = new DateTimeOffset(today.AddDays(1), TimeSpan.Zero);
            bool InWindow(DateTimeOffset at) => at >= from && at < to;
            bool OfAgent(string id) => agent is null || id == agent;

            var sessions = flow.Sessions.Where(s => OfAgent(s.AgentId) && InWindow(s.StartedAt)).ToList();
            var ended = sessions.Where(s => s.EndedAt is not null).ToList();
            var interactions = flow.Interactions.Where(i => OfAgent(i.AgentId) && InWindow(i.CreatedAt)).ToList();
            var messages = flow.Messages.Where(m => OfAgent(m.AgentId) && InWindow(m.CreatedAt)).ToList();
            var sorted = interactions.Select(i => i.ProcessingTimeMs).Order().ToList();
            int NearestRank(decimal percent) => sorted[(int)Math.Ceiling(percent / 100m * sorted.Count) - 1];
            var entries = flow.KnowledgeEntries.Where(e => agent is null || e.AgentId == agent).ToList();

            return new Expected(
                days, from, to,
                new SessionStats(sessions.Count, sessions.Count(s => s.Status == SessionStatus.Active), ended.Count,
                    ended.Count == 0 ? null : ended.Average(s => (s.EndedAt!.Value - s.StartedAt).TotalMilliseconds)),
                interactions,
                Enum.GetValues<InteractionType>().Select(type => new InteractionTypeCount(type, interactions.Count(i => i.Type == type))).ToList(),
                new ProcessingTimeStats(sorted.Count, sorted.Average(), NearestRank(50), NearestRank(95)),
                messages.Count,
                Enumerable.Range(0, days).Select(d => DateOnly.FromDateTime(from.UtcDateTime.AddDays(d))).Select(day => new DailyFigures(day,
                    sessions.Count(s => DateOnly.FromDateTime(s.StartedAt.UtcDateTime) == day),
                    interactions.Count(i => DateOnly.FromDateTime(i.CreatedAt.UtcDateTime) == day),
                    messages.Count(m => DateOnly.FromDateTime(m.CreatedAt.UtcDateTime) == day))).ToList(),
                interactions.Where(i => i.Intent is not null).GroupBy(i => i.Intent!)
                    .Select(g => new NamedCount(g.Key, g.Count()))
                    .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(AnalyticsQuery.DefaultTopCount).ToList(),
                new KnowledgeGrowth(
                    entries.Count(e => InWindow(e.CreatedAt)),
                    entries.Count(e => e.IndexedAt is { } indexedAt && InWindow(indexedAt)),
                    entries.Count(e => e.Status == nameof(KnowledgeStatus.Failed) && InWindow(e.UpdatedAt))))
            {
                UniqueUsers = messages.Where(m => m.UserId is not null).Select(m => m.UserId).Distinct().Count(),
                // Characters are code points ("👋" is one), rounded to 2 decimals.
                AverageResponseLength = messages.Where(m => m.Role == MessageRole.Assistant).Select(m => m.Content.EnumerateRunes().Count()).ToList() is { Count: > 0 } lengths
                    ? Math.Round(lengths.Average(), 2)
                    : null,
                // Each message counts once per word: runs of letters, lower-cased, stop words left out.
                TopTerms = Ranked(messages.SelectMany(m => System.Text.RegularExpressions.Regex.Matches(m.Content, @"\p{L}+")
                    .Select(w => w.Value.ToLowerInvariant()).Where(w => !StopWords.Contains(w)).Distinct()), AnalyticsQuery.DefaultTopCount),
                Roles = Ranked(messages.Select(m => m.Role.ToString().ToLowerInvariant()), 10),
            };
        }
    }
}
