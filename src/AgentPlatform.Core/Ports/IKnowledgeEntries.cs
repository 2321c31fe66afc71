using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>The system of record for knowledge entries. Every change to an entry and its outbox row
/// is one local transaction, so a projection change is never lost and never announced without its entry.</summary>
public interface IKnowledgeEntries
{
    /// <summary>Adds an entry plus an Upsert outbox row; a duplicate (same tenant and content hash) returns the existing entry with Created=false.</summary>
    Task<AddKnowledgeResult> AddAsync(KnowledgeEntry entry, CancellationToken ct);
    Task<IReadOnlyList<AddKnowledgeResult>> AddBatchAsync(IReadOnlyList<KnowledgeEntry> entries, CancellationToken ct);
    Task<KnowledgeEntry?> GetAsync(string tenantId, Guid entryId, CancellationToken ct);
    /// <summary>Entries newest first, of one status and of one agent (exact id) when those are given.</summary>
    Task<Page<KnowledgeEntry>> ListAsync(string tenantId, KnowledgeStatus? status, string? agentId, PageRequest page, CancellationToken ct);
    /// <summary>Replaces the content, bumps Version, sets Pending and enqueues an Upsert. Throws
    /// <see cref="ConcurrencyConflictException"/> when expectedVersion is given and differs. Null when absent.</summary>
    Task<KnowledgeEntry?> UpdateAsync(string tenantId, Guid entryId, KnowledgeUpdate update, long? expectedVersion, CancellationToken ct);
    /// <summary>Marks the entry Deleting and enqueues a Delete; the worker removes the row once projections are clean.</summary>
    Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct);
}
