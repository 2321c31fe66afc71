using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>Sessions and interactions in AgentSessions / AgentInteractions. Creating a session or adding
/// interactions whose ids already exist for the tenant is a no-op, so clients can retry safely.</summary>
internal sealed class RelationalAgentMemoryStore(RelationalContexts contexts) : IAgentMemoryStore
{
    public Task<AgentSession> CreateSessionAsync(AgentSession session, CancellationToken ct) =>
        contexts.RunInsertAsync(session.TenantId, async db =>
        {
            if (await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == session.Id, ct) is { } existing)
                return existing.ToDomain();
            var row = AgentSessionRow.From(session);
            db.Sessions.Add(row);
            await db.SaveChangesAsync(ct);
            return row.ToDomain();
        }, ct);

    public Task<AgentSession?> GetSessionAsync(string tenantId, Guid sessionId, CancellationToken ct) =>
        contexts.RunAsync(tenantId, async db =>
            (await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct))?.ToDomain(), ct);

    /// <summary>A session that has already ended is returned as it is.</summary>
    public Task<AgentSession?> EndSessionAsync(string tenantId, Guid sessionId, SessionStatus status, DateTimeOffset endedAt, CancellationToken ct)
    {
        if (status == SessionStatus.Active)
            throw new ArgumentException("A session ends as Completed or Abandoned.", nameof(status));
        return contexts.RunAsync(tenantId, async db =>
        {
            var row = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
            if (row is null)
                return null;
            if (row.Status == SessionStatus.Active)
            {
                row.Status = status;
                row.EndedAt = endedAt;
                await db.SaveChangesAsync(ct);
            }
            return row.ToDomain();
        }, ct);
    }

    public Task<Page<AgentSession>> ListSessionsAsync(string tenantId, SessionQuery query, PageRequest page, CancellationToken ct) =>
        contexts.RunAsync(tenantId, db =>
            RelationalQueries.PageAsync(RelationalQueries.SessionsNewestFirst(db, query), page, r => r.ToDomain(), ct), ct);

    /// <summary>Each interaction must belong to a session of its own tenant (ArgumentException otherwise).</summary>
    public async Task AddInteractionsAsync(IReadOnlyList<AgentInteraction> interactions, CancellationToken ct)
    {
        foreach (var tenantBatch in interactions.GroupBy(i => i.TenantId))
        {
            var batch = tenantBatch.DistinctBy(i => i.Id).ToList();
            await contexts.RunInsertAsync(tenantBatch.Key, db => InsertNewAsync(db, batch, ct), ct);
        }
    }

    private static async Task<int> InsertNewAsync(AgentDbContext db, List<AgentInteraction> batch, CancellationToken ct)
    {
        var sessionIds = batch.Select(i => i.SessionId).Distinct().ToList();
        var knownSessions = await db.Sessions.Where(s => sessionIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        var missing = sessionIds.Except(knownSessions).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"Sessions {string.Join(", ", missing)} do not exist for tenant '{db.CurrentTenantId}'.", "interactions");
        var ids = batch.Select(i => i.Id).ToList();
        var existing = (await db.Interactions.Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        db.Interactions.AddRange(batch.Where(i => !existing.Contains(i.Id)).Select(AgentInteractionRow.From));
        return await db.SaveChangesAsync(ct);
    }

    public Task<Page<AgentInteraction>> ListInteractionsAsync(string tenantId, Guid sessionId, bool? success, PageRequest page, CancellationToken ct) =>
        contexts.RunAsync(tenantId, db =>
            RelationalQueries.PageAsync(RelationalQueries.InteractionsNewestFirst(db, sessionId, success), page, r => r.ToDomain(), ct), ct);
}
