using AgentPlatform.Ports;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>The entry as one document of the full-text "knowledge" index, id = entry id.</summary>
public sealed class FullTextProjection(IFullTextIndex fullText) : IKnowledgeProjection
{
    public KnowledgeProjectionKind Kind => KnowledgeProjectionKind.FullText;

    public Task UpsertAsync(string tenantId, IReadOnlyList<ProjectedEntry> entries, CancellationToken ct) =>
        fullText.IndexAsync(FullTextIndexName.Knowledge, [.. entries.Select(p => new FullTextDocument
        {
            Id = p.Entry.Id.ToString(),
            TenantId = p.Entry.TenantId,
            Title = p.Entry.Title,
            Content = p.Entry.Content,
            Category = p.Entry.Category,
            Tags = p.Entry.Tags,
            AgentId = p.Entry.AgentId,
            CreatedAt = p.Entry.CreatedAt,
        })], ct);

    public Task DeleteAsync(string tenantId, Guid entryId, CancellationToken ct) =>
        fullText.DeleteAsync(FullTextIndexName.Knowledge, tenantId, [entryId.ToString()], ct);
}
