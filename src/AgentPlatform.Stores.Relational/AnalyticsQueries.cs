using AgentPlatform.Contracts;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

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
