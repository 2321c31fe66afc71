using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>The worker's side: claims cross tenants; completing or failing a message touches the entry only while
/// the entry is still at the version the message announced.</summary>
internal sealed class RelationalKnowledgeOutbox(RelationalContexts contexts) : IKnowledgeOutbox
{
    /// <summary>Most tenants one claim serves; the others' turn comes in the next rounds.</summary>
    internal const int MaxTenantsPerClaim = 64;

    public async Task<IReadOnlyList<ClaimedOutboxMessage>> ClaimAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        return await contexts.RunAsync(tenantId: null, async db =>
        {
            // The tenants whose oldest due message waited longest come first; each gets an equal share of the claim.
            var tenants = await RelationalQueries.DueOutbox(db, now)
                .GroupBy(m => m.TenantId)
                .OrderBy(g => g.Min(m => m.Id))
                .Select(g => g.Key)
                .Take(Math.Min(max, MaxTenantsPerClaim))
                .ToListAsync(ct);
            if (tenants.Count == 0)
                return (IReadOnlyList<ClaimedOutboxMessage>)[];
            var share = (max + tenants.Count - 1) / tenants.Count;
            var perTenant = new List<List<OutboxRow>>(tenants.Count);
            foreach (var tenant in tenants)
                perTenant.Add(await db.ClaimOutboxAsync(tenant, share, now, now + lease, ct));

            var entryIds = perTenant.SelectMany(rows => rows.Select(r => r.EntryId)).Distinct().ToList();
            var entries = (await db.KnowledgeEntries.IgnoreQueryFilters().AsNoTracking()
                    .Where(e => entryIds.Contains(e.Id)).ToListAsync(ct))
                .ToDictionary(e => (e.TenantId, e.Id));
            // Round-robin over the tenants: each one's first message, then each one's second, and so on.
            var claimed = new List<ClaimedOutboxMessage>(perTenant.Sum(rows => rows.Count));
            var longest = perTenant.Max(rows => rows.Count);
            for (var i = 0; i < longest; i++)
            {
                foreach (var rows in perTenant.Where(rows => i < rows.Count))
                {
                    var row = rows[i];
                    claimed.Add(new ClaimedOutboxMessage(row.ToDomain(), entries.GetValueOrDefault((row.TenantId, row.EntryId))?.ToDomain()));
                }
            }
            return claimed;
        }, ct);
    }

    public async Task CompleteUpsertAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset indexedAt, CancellationToken ct)
    {
        foreach (var ofTenant in messages.GroupBy(m => m.TenantId))
        {
            await FinishAsync([.. ofTenant], entry => entry.ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, KnowledgeStatus.Indexed)
                .SetProperty(e => e.IndexedAt, indexedAt)
                .SetProperty(e => e.Error, (string?)null), ct), ct);
        }
    }

    public Task CompleteDeleteAsync(OutboxMessage message, CancellationToken ct) =>
        FinishAsync([message], entry => entry.ExecuteDeleteAsync(ct), ct);

    public Task FailAsync(OutboxMessage message, string error, DateTimeOffset? retryAt, CancellationToken ct)
    {
        if (retryAt is null)
        {
            return FinishAsync([message], entry => entry.ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, KnowledgeStatus.Failed)
                .SetProperty(e => e.Error, error), ct), ct);
        }
        return contexts.RunAsync(message.TenantId, db => db.Outbox
            .Where(m => m.Id == message.Id)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAt, retryAt.Value), ct), ct);
    }

    public Task<long> PendingCountAsync(CancellationToken ct) =>
        contexts.RunAsync(tenantId: null, db => db.Outbox.IgnoreQueryFilters().LongCountAsync(ct), ct);

    public async Task ReleaseAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset now, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        var ids = messages.Select(m => m.Id).ToList();
        await contexts.RunAsync(tenantId: null, db => db.Outbox.IgnoreQueryFilters()
            .Where(m => ids.Contains(m.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, now), ct), ct);
    }

    /// <summary>In one transaction for messages of one tenant: applies the outcome to each message's entry if it is
    /// still at the message's version, and removes the messages.</summary>
    private Task FinishAsync(IReadOnlyList<OutboxMessage> messages, Func<IQueryable<KnowledgeEntryRow>, Task> applyToCurrentEntry, CancellationToken ct) =>
        contexts.RunAsync(messages[0].TenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var message in messages)
                await applyToCurrentEntry(db.KnowledgeEntries.Where(e => e.Id == message.EntryId && e.Version == message.EntryVersion));
            var ids = messages.Select(m => m.Id).ToList();
            await db.Outbox.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }, ct);
}
