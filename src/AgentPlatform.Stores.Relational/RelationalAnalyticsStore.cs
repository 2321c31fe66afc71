using AgentPlatform.Analytics;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>Analytics over AgentSessions, AgentInteractions and KnowledgeEntries. Counting and grouping run in SQL
/// where SQLite and SQL Server agree (plain counts, grouping under an ordinal collation); what they would compute
/// differently (UTC day of a timestamp, averages, percentiles) is computed here from fetched columns: the
/// interactions' (ProcessingTimeMs, CreatedAt) and the sessions' start and end. Processing times are sorted here
/// too: integers sort the same everywhere, and SQLite's ORDER BY doubled the cost of fetching 100k of them.
/// Ranked lists are ordered here by count, then ordinal name, so ties break the same way on both providers.</summary>
internal sealed class RelationalAnalyticsStore(RelationalContexts contexts) : IAnalyticsStore
{
    public Task<ActivitySummary> SummarizeAsync(AnalyticsQuery query, CancellationToken ct)
    {
        if (query.To <= query.From)
            throw new ArgumentException("The analytics window must end after it starts.", nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.TopCount, 1, nameof(query));
        TenantIds.Require(query.TenantId);
        return SummarizeValidAsync(query, ct);
    }

    /// <summary>Each query runs on a context of its own, all at once: they read different columns of the same
    /// window and do not depend on each other.</summary>
    private async Task<ActivitySummary> SummarizeValidAsync(AnalyticsQuery query, CancellationToken ct)
    {
        Task<T> Run<T>(Func<AgentDbContext, Task<T>> work) => contexts.RunAsync(query.TenantId, work, ct);
        var sessions = Run(db => AnalyticsQueries.SessionsStarted(db, query).ToListAsync(ct));
        var byType = Run(db => AnalyticsQueries.InteractionsByType(db, query).ToDictionaryAsync(c => c.Type, c => c.Count, ct));
        var timings = Run(db => AnalyticsQueries.Timings(db, query).ToListAsync(ct));
        var sessionsWithInteractions = Run(db => AnalyticsQueries.SessionsWithInteractions(db, query).LongCountAsync(ct));
        var intents = Run(db => AnalyticsQueries.IntentCounts(db, query).ToListAsync(ct));
        var agents = query.AgentId is null ? Run(db => AnalyticsQueries.AgentCounts(db, query).ToListAsync(ct)) : Task.FromResult(new List<NamedCount>());
        var added = Run(db => AnalyticsQueries.KnowledgeAdded(db, query).LongCountAsync(ct));
        var indexed = Run(db => AnalyticsQueries.KnowledgeIndexed(db, query).LongCountAsync(ct));
        var failed = Run(db => AnalyticsQueries.KnowledgeFailed(db, query).LongCountAsync(ct));
        await Task.WhenAll(sessions, byType, timings, sessionsWithInteractions, intents, agents, added, indexed, failed);

        var typeCounts = await byType;
        return new ActivitySummary(
            SessionStatsOf(await sessions),
            Enum.GetValues<InteractionType>().Select(type => new InteractionTypeCount(type, typeCounts.GetValueOrDefault(type))).ToList(),
            (await timings).LongCount(t => t.Success),
            await sessionsWithInteractions,
            ProcessingTimeOf(await timings),
            Daily(query, await sessions, await timings),
            Top(await intents, query.TopCount),
            new KnowledgeGrowth(await added, await indexed, await failed),
            Top(await agents, query.TopCount));
    }

    private static SessionStats SessionStatsOf(List<SessionTimes> sessions)
    {
        var durations = sessions.Where(s => s.EndedAt is not null).Select(s => (s.EndedAt!.Value - s.StartedAt).Ticks).ToList();
        double? averageMs = durations.Count == 0 ? null : (double)durations.Sum() / durations.Count / TimeSpan.TicksPerMillisecond;
        return new SessionStats(sessions.Count, sessions.LongCount(s => s.Status == SessionStatus.Active), durations.Count, averageMs);
    }

    private static ProcessingTimeStats ProcessingTimeOf(List<InteractionTiming> timings)
    {
        var ascending = timings.ConvertAll(t => t.ProcessingTimeMs);
        ascending.Sort();
        double? averageMs = ascending.Count == 0 ? null : (double)ascending.Sum(ms => (long)ms) / ascending.Count;
        return new ProcessingTimeStats(ascending.Count, averageMs, Percentiles.NearestRank(ascending, 50), Percentiles.NearestRank(ascending, 95));
    }

    private static List<DailyActivity> Daily(AnalyticsQuery query, List<SessionTimes> sessions, List<InteractionTiming> timings)
    {
        var sessionsPerDay = sessions.CountBy(s => UtcDays.Of(s.StartedAt)).ToDictionary();
        var interactionsPerDay = timings.CountBy(t => UtcDays.Of(t.CreatedAt)).ToDictionary();
        return UtcDays.Between(query.From, query.To)
            .Select(day => new DailyActivity(day, sessionsPerDay.GetValueOrDefault(day), interactionsPerDay.GetValueOrDefault(day)))
            .ToList();
    }

    private static List<NamedCount> Top(List<NamedCount> counts, int top) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(top).ToList();
}
