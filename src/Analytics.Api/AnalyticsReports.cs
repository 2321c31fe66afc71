using AgentPlatform.Contracts;
using AgentPlatform.Analytics;
using AgentPlatform.Ports;
using Microsoft.Extensions.Caching.Hybrid;

namespace AgentPlatform.AnalyticsApi;

/// <summary>Builds reports from the relational store (sessions, interactions, knowledge), the document store (messages,
/// users, response length) and the full-text conversations index (conversation activity, through its aggregations),
/// and caches each briefly: dashboards poll, and the figures of a window move slowly.</summary>
public sealed class AnalyticsReports(IAnalyticsStore analytics, IConversationActivity conversations, IFullTextIndex fullText, HybridCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    private static readonly HybridCacheEntryOptions CacheEntry = new() { Expiration = CacheDuration, LocalCacheExpiration = CacheDuration };

    /// <summary>The report for the last <paramref name="days"/> UTC days, of one agent when agentId is set.</summary>
    public ValueTask<AnalyticsReport> GetAsync(string tenantId, string? agentId, int days, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (from, to) = UtcDays.LastDays(days, now);
        var query = new AnalyticsQuery(tenantId, agentId, from, to);
        return cache.GetOrCreateAsync(CacheKey(tenantId, agentId, days, UtcDays.Of(now)),
            (Query: query, Days: days, Reports: this),
            static (state, token) => new ValueTask<AnalyticsReport>(state.Reports.BuildAsync(state.Query, state.Days, token)),
            CacheEntry, cancellationToken: ct);
    }

    /// <summary>The window moves at UTC midnight, so the day is part of the key. The agent id, free text, comes last
    /// behind a marker, so no two (agent, days, day) combinations share a key.</summary>
    public static string CacheKey(string tenantId, string? agentId, int days, DateOnly utcDay) =>
        $"analytics:{tenantId}:{days}:{utcDay:yyyy-MM-dd}:" + (agentId is null ? "overview" : "agent:" + agentId);

    private async Task<AnalyticsReport> BuildAsync(AnalyticsQuery query, int days, CancellationToken ct)
    {
        var summaryTask = analytics.SummarizeAsync(query, ct);
        var messagesTask = conversations.CountPerDayAsync(query.TenantId, query.AgentId, query.From, query.To, ct);
        var figuresTask = conversations.SummarizeAsync(query.TenantId, query.AgentId, query.From, query.To, ct);
        var activityTask = ConversationActivityAsync(query, ct);
        var (summary, messagesPerDay, figures, activity) = (await summaryTask, await messagesTask, await figuresTask, await activityTask);
        var total = summary.InteractionsByType.Sum(t => t.Count);
        return new AnalyticsReport(
            query.TenantId,
            query.AgentId,
            days,
            query.From,
            query.To,
            summary.Sessions,
            new InteractionFigures(total, summary.InteractionsByType, summary.SuccessfulInteractions,
                total == 0 ? null : Math.Round((double)summary.SuccessfulInteractions / total, 4), summary.SessionsWithInteractions),
            summary.ProcessingTime,
            messagesPerDay.Values.Sum(),
            figures.UniqueUsers,
            figures.AverageResponseLength is { } average ? Math.Round(average, 2) : null,
            summary.Daily.Select(d => new DailyFigures(d.Day, d.Sessions, d.Interactions, messagesPerDay.GetValueOrDefault(d.Day))).ToList(),
            summary.TopIntents,
            summary.Knowledge,
            activity,
            query.AgentId is null ? summary.MostActiveAgents : null);
    }

    /// <summary>Two aggregations of the window's indexed messages, side by side: per day with the top words of their
    /// content, and per role (the role is the message's one tag).</summary>
    private async Task<ConversationActivity> ConversationActivityAsync(AnalyticsQuery query, CancellationToken ct)
    {
        var window = new SearchFilter { AgentId = query.AgentId, From = query.From, To = query.To };
        var wordsTask = fullText.AggregateAsync(FullTextIndexName.Conversations, new FullTextAggregationRequest(query.TenantId, window)
        {
            DateHistogram = CalendarInterval.Day,
            TopTermsField = "content",
            TopTermsSize = query.TopCount,
        }, ct);
        var rolesTask = fullText.AggregateAsync(FullTextIndexName.Conversations, new FullTextAggregationRequest(query.TenantId, window)
        {
            TopTermsField = "tags",
            TopTermsSize = Enum.GetValues<MessageRole>().Length,
        }, ct);
        var (words, roles) = (await wordsTask, await rolesTask);
        var perDay = words.DateHistogram.ToDictionary(b => UtcDays.Of(b.Start), b => b.Count);
        return new ConversationActivity(
            words.Count,
            UtcDays.Between(query.From, query.To).Select(day => new DailyCount(day, perDay.GetValueOrDefault(day))).ToList(),
            words.TopTerms.Select(t => new NamedCount(t.Term, t.Count)).ToList(),
            roles.TopTerms.Select(t => new NamedCount(t.Term, t.Count)).ToList());
    }
}
