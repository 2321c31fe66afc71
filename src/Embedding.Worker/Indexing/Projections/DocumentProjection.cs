using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>The knowledge document (the entry with its chunks) in the document store.</summary>
public sealed class DocumentProjection(IKnowledgeDocumentStore documents) : IKnowledgeProjection
{
    public KnowledgeProjectionKind Kind => KnowledgeProjectionKind.Documents;

    public Task UpsertAsync(string tenantId, IReadOnlyList<ProjectedEntry> entries, CancellationToken ct) =>
        documents.UpsertAsync([.. entries.Select(p => new KnowledgeDocument
        {
            EntryId = p.Entry.Id,
            TenantId = p.Entry.TenantId,
            Title = p.Entry.Title,
            Content = p.Entry.Content,
            Category = p.Entry.Category,
            Tags = p.Entry.Tags,
            Source = p.Entry.Source,
            AgentId = p.Entry.AgentId,
            Version = p.Entry.Version,
            Chunks = p.Chunks,
            CreatedAt = p.Entry.CreatedAt,
            UpdatedAt = p.Entry.UpdatedAt,
        })], ct);

    public Task DeleteAsync(string tenantId, Guid entryId, CancellationToken ct) => documents.DeleteAsync(tenantId, entryId, ct);
}
