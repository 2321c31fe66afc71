using AgentPlatform.Contracts;
using AgentPlatform.Analytics;
using AgentPlatform.Ports;
using Microsoft.Extensions.Caching.Hybrid;

namespace AgentPlatform.AnalyticsApi;

/// <summary>Builds reports from the relational store (sessions, interactions, knowledge) and the document store
/// (messages), and caches each briefly: dashboards poll, and the figures of a window move slowly.</summary>
public sealed class AnalyticsReports(IAnalyticsStore analytics, IConversationStore conversations, HybridCache cache, TimeProvider clock)
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
        var (summary, messagesPerDay) = (await summaryTask, await messagesTask);
        return new AnalyticsReport(
            query.TenantId,
            query.AgentId,
            days,
            query.From,
            query.To,
            summary.Sessions,
            new InteractionFigures(summary.InteractionsByType.Sum(t => t.Count), summary.InteractionsByType),
            summary.ProcessingTime,
            messagesPerDay.Values.Sum(),
            summary.Daily.Select(d => new DailyFigures(d.Day, d.Sessions, d.Interactions, messagesPerDay.GetValueOrDefault(d.Day))).ToList(),
            summary.TopIntents,
            summary.Knowledge,
            query.AgentId is null ? summary.MostActiveAgents : null);
    }
}
