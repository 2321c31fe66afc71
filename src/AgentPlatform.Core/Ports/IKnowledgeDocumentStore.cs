using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Mirror of indexed knowledge entries, with chunks.</summary>
public interface IKnowledgeDocumentStore
{
    /// <summary>The most entries one <see cref="GetManyAsync"/> reads (a search keeps at most a page of hits).</summary>
    const int MaxEntriesPerGet = 1000;

    /// <summary>Inserts or replaces each document by entry id (idempotent), in one write where the store allows.</summary>
    Task UpsertAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken ct);
    /// <summary>The tenant's documents of these entries, in one read, in no particular order; entries it does not hold
    /// are left out. At most <see cref="MaxEntriesPerGet"/> ids.</summary>
    Task<IReadOnlyList<KnowledgeDocument>> GetManyAsync(string tenantId, IReadOnlyCollection<Guid> entryIds, CancellationToken ct);
    Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct);
    /// <summary>Text search over title and content (any word matches; a title match weighs double), best first, of the
    /// documents the filter keeps (category, tags, agent, created time; a session or user filter keeps none).</summary>
    Task<IReadOnlyList<DocumentTextHit>> SearchTextAsync(string tenantId, string text, SearchFilter filter, int limit, CancellationToken ct);
}
