using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>The stores' key queries, in one place so tests can render their SQL with ToQueryString().
/// Lists order newest first with the id as tie-breaker, so paging is stable when timestamps collide.</summary>
internal static class RelationalQueries
{
    /// <summary>Sessions of the context's tenant, optionally of one agent and status, started in [From, To).</summary>
    public static IQueryable<AgentSessionRow> SessionsNewestFirst(AgentDbContext db, SessionQuery query)
    {
        var sessions = db.Sessions.AsNoTracking();
        if (query.AgentId is { } agentId)
            sessions = sessions.Where(s => s.AgentId == agentId);
        if (query.From is { } from)
            sessions = sessions.Where(s => s.StartedAt >= from);
        if (query.To is { } to)
            sessions = sessions.Where(s => s.StartedAt < to);
        if (query.Status is { } status)
            sessions = sessions.Where(s => s.Status == status);
        return sessions.OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id);
    }

    public static IQueryable<AgentInteractionRow> InteractionsNewestFirst(AgentDbContext db, Guid sessionId, bool? success)
    {
        var interactions = db.Interactions.AsNoTracking().Where(i => i.SessionId == sessionId);
        if (success is { } outcome)
            interactions = interactions.Where(i => i.Success == outcome);
        return interactions.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id);
    }

    /// <summary>Entries of a status and of an agent when given. The agent is compared plainly (an index seek on SQL Server,
    /// case-insensitive there) and then ordinally, so both providers match the exact id.</summary>
    public static IQueryable<KnowledgeEntryRow> EntriesNewestFirst(AgentDbContext db, KnowledgeStatus? status, string? agentId = null)
    {
        var entries = db.KnowledgeEntries.AsNoTracking();
        if (status is { } wanted)
            entries = entries.Where(e => e.Status == wanted);
        if (agentId is not null)
        {
            var collation = db.OrdinalCollation;
            entries = entries.Where(e => e.AgentId == agentId && EF.Functions.Collate(e.AgentId, collation) == agentId);
        }
        return entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
    }

    /// <summary>Due outbox rows of every tenant, oldest first: the worker serves all tenants.</summary>
    public static IQueryable<OutboxRow> DueOutbox(AgentDbContext db, DateTimeOffset now) =>
        db.Outbox.IgnoreQueryFilters()
            .Where(m => m.NextAttemptAt <= now)
            .OrderBy(m => m.Id);

    public static async Task<Page<TDomain>> PageAsync<TRow, TDomain>(
        IQueryable<TRow> ordered, PageRequest page, Func<TRow, TDomain> toDomain, CancellationToken ct)
    {
        var valid = page.Validated();
        var total = await ordered.LongCountAsync(ct);
        var rows = await ordered.Skip(valid.Offset).Take(valid.Limit).ToListAsync(ct);
        return new Page<TDomain>(rows.Select(toDomain).ToList(), total, valid.Offset, valid.Limit);
    }
}
