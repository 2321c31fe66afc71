using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>Sessions and interactions in AgentSessions / AgentInteractions. Creating a session or adding
/// interactions whose ids already exist for the tenant is a no-op, so clients can retry safely. Every write to a
/// session and its end take the session's write lock in their transaction, so an end is ordered against each write:
/// a write either lands (and is stamped) before the end or is refused.</summary>
internal sealed class RelationalAgentMemoryStore(RelationalContexts contexts, TimeProvider clock) : IAgentMemoryStore
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

    public Task<AgentSession?> EndSessionAsync(string tenantId, Guid sessionId, SessionStatus status, DateTimeOffset? endedAt, CancellationToken ct)
    {
        if (status == SessionStatus.Active)
            throw new ArgumentException("A session ends as Completed or Abandoned.", nameof(status));
        return contexts.RunAsync(tenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await HoldActiveAsync(db, [sessionId], ct))
                return null;
            // Stamped once held: every write that held the session before this end was stamped earlier.
            var at = endedAt ?? clock.GetUtcNow();
            await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(set => set
                .SetProperty(s => s.Status, status)
                .SetProperty(s => s.EndedAt, at), ct);
            await transaction.CommitAsync(ct);
            return (await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct)).ToDomain();
        }, ct);
    }

    public Task WriteWhileActiveAsync(string tenantId, Guid sessionId, Func<Task> write, CancellationToken ct) =>
        contexts.RunAsync(tenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await HoldActiveAsync(db, [sessionId], ct))
                throw new ArgumentException($"Session {sessionId} does not exist for tenant '{db.CurrentTenantId}'.", "sessionId");
            await write();
            await transaction.CommitAsync(ct);
        }, ct);

    /// <summary>Inside a transaction, takes the write lock of the given sessions while they are active (an update
    /// that changes nothing: SQL Server locks the rows, SQLite's BEGIN IMMEDIATE already holds the database), so an end
    /// waits for this transaction and this transaction never writes into an ended session. False when a session does
    /// not exist for the tenant; <see cref="SessionEndedException"/> when one has ended.</summary>
    private static async Task<bool> HoldActiveAsync(AgentDbContext db, IReadOnlyCollection<Guid> sessionIds, CancellationToken ct)
    {
        var held = await db.Sessions.Where(s => sessionIds.Contains(s.Id) && s.Status == SessionStatus.Active)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, s => s.Status), ct);
        if (held == sessionIds.Count)
            return true;
        var found = await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).ToListAsync(ct);
        if (found.Count < sessionIds.Count)
            return false;
        throw new SessionEndedException(found.First(s => s.Status != SessionStatus.Active).ToDomain());
    }

    public Task<bool> DeleteSessionAsync(string tenantId, Guid sessionId, Func<Task> deleteElsewhere, CancellationToken ct) =>
        contexts.RunAsync(tenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Held whatever its status, as HoldActiveAsync holds an active one: appends wait for this transaction.
            if (await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, s => s.Status), ct) == 0)
                return false;
            await deleteElsewhere();
            await db.Interactions.Where(i => i.SessionId == sessionId).ExecuteDeleteAsync(ct);
            await db.Sessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, ct);

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
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldActiveAsync(db, sessionIds, ct))
        {
            var known = await db.Sessions.Where(s => sessionIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            throw new ArgumentException($"Sessions {string.Join(", ", sessionIds.Except(known))} do not exist for tenant '{db.CurrentTenantId}'.", "interactions");
        }
        var ids = batch.Select(i => i.Id).ToList();
        var existing = (await db.Interactions.Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        db.Interactions.AddRange(batch.Where(i => !existing.Contains(i.Id)).Select(AgentInteractionRow.From));
        var added = await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return added;
    }

    public Task<Page<AgentInteraction>> ListInteractionsAsync(string tenantId, Guid sessionId, bool? success, PageRequest page, CancellationToken ct) =>
        contexts.RunAsync(tenantId, db =>
            RelationalQueries.PageAsync(RelationalQueries.InteractionsNewestFirst(db, sessionId, success), page, r => r.ToDomain(), ct), ct);
}
