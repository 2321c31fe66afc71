using AgentPlatform.Analytics;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>Analytics over AgentSessions, AgentInteractions and KnowledgeEntries. Counting and grouping run in SQL
/// where SQLite and SQL Server agree (plain counts, grouping under an ordinal collation); what they would compute
/// differently (UTC day of a timestamp, averages, percentiles) is computed here from fetched columns: the
/// interactions' (ProcessingTimeMs, CreatedAt) sorted by processing time in SQL, and the sessions' start and end.
/// Ranked lists are ordered here by count, then ordinal name, so ties break the same way on both providers.</summary>
internal sealed class RelationalAnalyticsStore(RelationalContexts contexts) : IAnalyticsStore
{
    public Task<ActivitySummary> SummarizeAsync(AnalyticsQuery query, CancellationToken ct)
    {
        if (query.To <= query.From)
            throw new ArgumentException("The analytics window must end after it starts.", nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.TopCount, 1, nameof(query));
        return contexts.RunAsync(query.TenantId, async db =>
        {
            var sessions = await AnalyticsQueries.SessionsStarted(db, query).ToListAsync(ct);
            var byType = await AnalyticsQueries.InteractionsByType(db, query).ToDictionaryAsync(c => c.Type, c => c.Count, ct);
            var timings = await AnalyticsQueries.TimingsByProcessingTime(db, query).ToListAsync(ct);
            var intents = await AnalyticsQueries.IntentCounts(db, query).ToListAsync(ct);
            var agents = query.AgentId is null ? await AnalyticsQueries.AgentCounts(db, query).ToListAsync(ct) : [];
            var knowledge = new KnowledgeGrowth(
                await AnalyticsQueries.KnowledgeAdded(db, query).LongCountAsync(ct),
                await AnalyticsQueries.KnowledgeIndexed(db, query).LongCountAsync(ct),
                await AnalyticsQueries.KnowledgeFailed(db, query).LongCountAsync(ct));
            return new ActivitySummary(
                SessionStatsOf(sessions),
                Enum.GetValues<InteractionType>().Select(type => new InteractionTypeCount(type, byType.GetValueOrDefault(type))).ToList(),
                ProcessingTimeOf(timings),
                Daily(query, sessions, timings),
                Top(intents, query.TopCount),
                knowledge,
                Top(agents, query.TopCount));
        }, ct);
    }

    private static SessionStats SessionStatsOf(List<SessionTimes> sessions)
    {
        var durations = sessions.Where(s => s.EndedAt is not null).Select(s => (s.EndedAt!.Value - s.StartedAt).Ticks).ToList();
        double? averageMs = durations.Count == 0 ? null : (double)durations.Sum() / durations.Count / TimeSpan.TicksPerMillisecond;
        return new SessionStats(sessions.Count, sessions.LongCount(s => s.Status == SessionStatus.Active), durations.Count, averageMs);
    }

    private static ProcessingTimeStats ProcessingTimeOf(List<InteractionTiming> byProcessingTime)
    {
        var ascending = byProcessingTime.ConvertAll(t => t.ProcessingTimeMs);
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

internal sealed record SessionTimes(DateTimeOffset StartedAt, DateTimeOffset? EndedAt, SessionStatus Status);

internal sealed record InteractionTiming(int ProcessingTimeMs, DateTimeOffset CreatedAt);

internal sealed record InteractionTypeTotal(InteractionType Type, long Count);

/// <summary>The analytics store's queries, in one place so tests can render their SQL with ToQueryString().
/// Each runs on a context bound to the query's tenant, so the tenant filter is always part of it.</summary>
internal static class AnalyticsQueries
{
    public static IQueryable<SessionTimes> SessionsStarted(AgentDbContext db, AnalyticsQuery query) =>
        OfAgent(db, db.Sessions.AsNoTracking(), query.AgentId)
            .Where(s => s.StartedAt >= query.From && s.StartedAt < query.To)
            .Select(s => new SessionTimes(s.StartedAt, s.EndedAt, s.Status));

    public static IQueryable<AgentInteractionRow> Interactions(AgentDbContext db, AnalyticsQuery query) =>
        OfAgent(db, db.Interactions.AsNoTracking(), query.AgentId)
            .Where(i => i.CreatedAt >= query.From && i.CreatedAt < query.To);

    public static IQueryable<InteractionTypeTotal> InteractionsByType(AgentDbContext db, AnalyticsQuery query) =>
        Interactions(db, query).GroupBy(i => i.Type).Select(g => new InteractionTypeTotal(g.Key, g.LongCount()));

    /// <summary>The key query: every interaction of the window, fastest first, for percentiles and daily counts.</summary>
    public static IQueryable<InteractionTiming> TimingsByProcessingTime(AgentDbContext db, AnalyticsQuery query) =>
        Interactions(db, query)
            .OrderBy(i => i.ProcessingTimeMs)
            .Select(i => new InteractionTiming(i.ProcessingTimeMs, i.CreatedAt));

    public static IQueryable<NamedCount> IntentCounts(AgentDbContext db, AnalyticsQuery query)
    {
        var collation = db.OrdinalCollation;
        return Interactions(db, query)
            .Where(i => i.Intent != null)
            .GroupBy(i => EF.Functions.Collate(i.Intent!, collation))
            .Select(g => new NamedCount(g.Key, g.LongCount()));
    }

    public static IQueryable<NamedCount> AgentCounts(AgentDbContext db, AnalyticsQuery query)
    {
        var collation = db.OrdinalCollation;
        return Interactions(db, query)
            .GroupBy(i => EF.Functions.Collate(i.AgentId, collation))
            .Select(g => new NamedCount(g.Key, g.LongCount()));
    }

    public static IQueryable<KnowledgeEntryRow> KnowledgeAdded(AgentDbContext db, AnalyticsQuery query) =>
        db.KnowledgeEntries.Where(e => e.CreatedAt >= query.From && e.CreatedAt < query.To);

    public static IQueryable<KnowledgeEntryRow> KnowledgeIndexed(AgentDbContext db, AnalyticsQuery query) =>
        db.KnowledgeEntries.Where(e => e.IndexedAt >= query.From && e.IndexedAt < query.To);

    public static IQueryable<KnowledgeEntryRow> KnowledgeFailed(AgentDbContext db, AnalyticsQuery query) =>
        db.KnowledgeEntries.Where(e => e.Status == KnowledgeStatus.Failed && e.UpdatedAt >= query.From && e.UpdatedAt < query.To);

    /// <summary>Rows of one agent when agentId is set. The plain comparison lets SQL Server seek its (TenantId, AgentId, ...)
    /// index case-insensitively; the ordinal one then drops other spellings, so both providers match the exact id.</summary>
    private static IQueryable<TRow> OfAgent<TRow>(AgentDbContext db, IQueryable<TRow> rows, string? agentId) where TRow : class
    {
        if (agentId is null)
            return rows;
        var collation = db.OrdinalCollation;
        return rows.Where(r => EF.Property<string>(r, nameof(AgentSessionRow.AgentId)) == agentId
                               && EF.Functions.Collate(EF.Property<string>(r, nameof(AgentSessionRow.AgentId)), collation) == agentId);
    }
}
