using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>Knowledge entries and their outbox rows, always written by one SaveChanges (one transaction).
/// Every change bumps the entry's Version and enqueues a message naming that version, so the worker can tell
/// a current message from one an update or delete has overtaken. A Deleting entry cannot be updated (null).</summary>
internal sealed class RelationalKnowledgeStore(RelationalContexts contexts, TimeProvider clock) :
    IKnowledgeEntries, IKnowledgeIndexingStatus, IKnowledgeReindexQueue
{
    public async Task<AddKnowledgeResult> AddAsync(KnowledgeEntry entry, CancellationToken ct) =>
        (await AddBatchAsync([entry], ct))[0];

    public async Task<IReadOnlyList<AddKnowledgeResult>> AddBatchAsync(IReadOnlyList<KnowledgeEntry> entries, CancellationToken ct)
    {
        var results = new AddKnowledgeResult[entries.Count];
        foreach (var tenantBatch in entries.Select((entry, position) => (entry, position)).GroupBy(e => e.entry.TenantId))
        {
            var batch = tenantBatch.ToList();
            var added = await contexts.RunInsertAsync(tenantBatch.Key, db => AddNewAsync(db, batch.ConvertAll(e => e.entry), ct), ct);
            for (var i = 0; i < batch.Count; i++)
                results[batch[i].position] = added[i];
        }
        return results;
    }

    /// <summary>Entries whose content hash the tenant already has (or that repeat an earlier one of the batch)
    /// come back as the existing entry with Created=false. An entry being deleted is no longer there: the same text
    /// sent again is a new entry, which outlives the delete.</summary>
    private async Task<List<AddKnowledgeResult>> AddNewAsync(AgentDbContext db, List<KnowledgeEntry> entries, CancellationToken ct)
    {
        var hashes = entries.Select(e => e.ContentHash).Distinct().ToList();
        var byHash = await db.KnowledgeEntries.AsNoTracking()
            .Where(e => hashes.Contains(e.ContentHash) && e.Status != KnowledgeStatus.Deleting)
            .ToDictionaryAsync(e => e.ContentHash, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        var results = new List<AddKnowledgeResult>(entries.Count);
        foreach (var entry in entries)
        {
            if (byHash.TryGetValue(entry.ContentHash, out var existing))
            {
                results.Add(new AddKnowledgeResult(existing.ToDomain(), Created: false));
                continue;
            }
            var row = KnowledgeEntryRow.NewFrom(entry);
            byHash[row.ContentHash] = row;
            db.KnowledgeEntries.Add(row);
            db.Outbox.Add(OutboxRow.For(row, OutboxOperation.Upsert, now));
            results.Add(new AddKnowledgeResult(row.ToDomain(), Created: true));
        }
        await db.SaveChangesAsync(ct);
        return results;
    }

    public Task<KnowledgeEntry?> GetAsync(string tenantId, Guid entryId, CancellationToken ct) =>
        contexts.RunAsync(tenantId, db => FindAsync(db, entryId, ct), ct);

    internal static async Task<KnowledgeEntry?> FindAsync(AgentDbContext db, Guid entryId, CancellationToken ct) =>
        (await db.KnowledgeEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId, ct))?.ToDomain();

    public Task<Page<KnowledgeEntry>> ListAsync(string tenantId, KnowledgeStatus? status, string? agentId, PageRequest page, CancellationToken ct) =>
        contexts.RunAsync(tenantId, db =>
            RelationalQueries.PageAsync(RelationalQueries.EntriesNewestFirst(db, status, agentId), page, r => r.ToDomain(), ct), ct);

    public Task<KnowledgeEntry?> UpdateAsync(string tenantId, Guid entryId, KnowledgeUpdate update, long? expectedVersion, CancellationToken ct) =>
        LastWriterWinsAsync(expectedVersion, () => contexts.RunAsync(tenantId, async db =>
        {
            var row = await db.KnowledgeEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct);
            if (row is null || row.Status == KnowledgeStatus.Deleting)
                return null;
            if (expectedVersion is { } expected && expected != row.Version)
                throw new ConcurrencyConflictException(Resource(entryId), expected, row.Version);
            if (await db.KnowledgeEntries.AnyAsync(e => e.ContentHash == update.ContentHash && e.Id != entryId && e.Status != KnowledgeStatus.Deleting, ct))
                throw new DuplicateContentException(entryId, update.ContentHash);
            row.Title = update.Title;
            row.Content = update.Content;
            row.Category = update.Category;
            row.Tags = KnowledgeEntryRow.SerializeTags(update.Tags);
            row.Source = update.Source;
            row.ContentHash = update.ContentHash;
            row.Error = null;
            await SaveChangeAsync(db, row, KnowledgeStatus.Pending, OutboxOperation.Upsert, ct);
            return row.ToDomain();
        }, ct), ct);

    public Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct) =>
        LastWriterWinsAsync(expectedVersion: null, () => contexts.RunAsync(tenantId, async db =>
        {
            var row = await db.KnowledgeEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct);
            if (row is null)
                return false;
            if (row.Status != KnowledgeStatus.Deleting)
                await SaveChangeAsync(db, row, KnowledgeStatus.Deleting, OutboxOperation.Delete, ct);
            return true;
        }, ct), ct);

    /// <summary>Runs a read-modify-write until no other writer changed the entry in between, unless the caller named the
    /// version it expects: a precondition the caller never sent must not fail (RFC 9110), so the last writer wins.
    /// Each lost round means another writer's change was saved, so the loop always makes progress.</summary>
    private static async Task<T> LastWriterWinsAsync<T>(long? expectedVersion, Func<Task<T>> write, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await write();
            }
            catch (ConcurrencyConflictException) when (expectedVersion is null)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Bumps the version, sets the status and enqueues the message for the new version. The version is
    /// a concurrency token: if another writer changed the row since it was read, nothing is saved.</summary>
    private async Task SaveChangeAsync(AgentDbContext db, KnowledgeEntryRow row, KnowledgeStatus status, OutboxOperation operation, CancellationToken ct)
    {
        var readVersion = row.Version;
        var now = clock.GetUtcNow();
        row.Version = readVersion + 1;
        row.Status = status;
        row.UpdatedAt = now;
        db.Outbox.Add(OutboxRow.For(row, operation, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.KnowledgeEntries.Where(e => e.Id == row.Id).Select(e => (int?)e.Version).FirstOrDefaultAsync(ct);
            throw new ConcurrencyConflictException(Resource(row.Id), readVersion, current);
        }
        catch (DbUpdateException ex) when (RelationalContexts.IsUniqueViolation(ex))
        {
            throw new DuplicateContentException(row.Id, row.ContentHash);
        }
    }

    public Task<IReadOnlyDictionary<KnowledgeStatus, long>> CountByStatusAsync(string tenantId, CancellationToken ct) =>
        contexts.RunAsync<IReadOnlyDictionary<KnowledgeStatus, long>>(tenantId, async db =>
        {
            var counts = await db.KnowledgeEntries
                .GroupBy(e => e.Status)
                .Select(g => new { Status = g.Key, Count = g.LongCount() })
                .ToDictionaryAsync(c => c.Status, c => c.Count, ct);
            return Enum.GetValues<KnowledgeStatus>().ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        }, ct);

    public Task<long> CountIndexedSinceAsync(string tenantId, DateTimeOffset since, CancellationToken ct) =>
        contexts.RunAsync(tenantId, db => db.KnowledgeEntries
            .Where(e => e.Status == KnowledgeStatus.Indexed && e.IndexedAt >= since)
            .LongCountAsync(ct), ct);

    public Task<int> EnqueueReindexAsync(string tenantId, OutboxOperation operation, CancellationToken ct)
    {
        if (operation == OutboxOperation.Delete)
            throw new ArgumentOutOfRangeException(nameof(operation), operation, "A reindex re-projects entries; it never deletes them.");
        return contexts.RunAsync(tenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var queued = await db.EnqueueReprojectionOfLiveEntriesAsync(operation, clock.GetUtcNow(), ct);
            // Every live entry now has a message of its version queued; Pending shows the rebuild's progress in the counts.
            await db.KnowledgeEntries.Where(e => e.Status != KnowledgeStatus.Deleting)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Status, KnowledgeStatus.Pending), ct);
            await transaction.CommitAsync(ct);
            return queued;
        }, ct);
    }

    private static string Resource(Guid entryId) => $"knowledge entry {entryId}";
}
