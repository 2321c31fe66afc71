using AgentPlatform.Contracts;
using AgentPlatform.Analytics;
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

internal sealed record SessionTimes(DateTimeOffset StartedAt, DateTimeOffset? EndedAt, SessionStatus Status);

internal sealed record InteractionTiming(int ProcessingTimeMs, DateTimeOffset CreatedAt, bool Success);

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

    /// <summary>The key query: processing time, time and outcome of every interaction of the window, for percentiles,
    /// daily counts and the success rate. Read from the (TenantId, AgentId, CreatedAt, Type, ProcessingTimeMs, Intent,
    /// Success, SessionId) index alone.</summary>
    public static IQueryable<InteractionTiming> Timings(AgentDbContext db, AnalyticsQuery query) =>
        Interactions(db, query).Select(i => new InteractionTiming(i.ProcessingTimeMs, i.CreatedAt, i.Success));

    /// <summary>The distinct sessions the window's interactions belong to (COUNT over a DISTINCT subquery on both providers).</summary>
    public static IQueryable<Guid> SessionsWithInteractions(AgentDbContext db, AnalyticsQuery query) =>
        Interactions(db, query).Select(i => i.SessionId).Distinct();

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

    /// <summary>Knowledge entries of the tenant, or of one agent when the query names one.</summary>
    public static IQueryable<KnowledgeEntryRow> Knowledge(AgentDbContext db, AnalyticsQuery query) =>
        OfAgent(db, db.KnowledgeEntries.AsNoTracking(), query.AgentId);

    public static IQueryable<KnowledgeEntryRow> KnowledgeAdded(AgentDbContext db, AnalyticsQuery query) =>
        Knowledge(db, query).Where(e => e.CreatedAt >= query.From && e.CreatedAt < query.To);

    public static IQueryable<KnowledgeEntryRow> KnowledgeIndexed(AgentDbContext db, AnalyticsQuery query) =>
        Knowledge(db, query).Where(e => e.IndexedAt >= query.From && e.IndexedAt < query.To);

    public static IQueryable<KnowledgeEntryRow> KnowledgeFailed(AgentDbContext db, AnalyticsQuery query) =>
        Knowledge(db, query).Where(e => e.Status == KnowledgeStatus.Failed && e.UpdatedAt >= query.From && e.UpdatedAt < query.To);

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
