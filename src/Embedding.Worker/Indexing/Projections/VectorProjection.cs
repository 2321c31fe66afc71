using AgentPlatform.Ports;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>Chunks with their embeddings in the tenant's knowledge collection, ids "entryId:n"; an update that
/// shortened an entry also removes its chunks past the new end.</summary>
public sealed class VectorProjection(IVectorIndex vectors) : IKnowledgeProjection
{
    public KnowledgeProjectionKind Kind => KnowledgeProjectionKind.Vectors;

    public async Task UpsertAsync(string tenantId, IReadOnlyList<ProjectedEntry> entries, CancellationToken ct)
    {
        await vectors.UpsertAsync(tenantId, [.. entries.SelectMany(Records)], ct);
        await vectors.DeleteChunksFromAsync(tenantId, [.. entries.Select(e => (e.Entry.Id, e.Chunks.Count))], ct);
    }

    public Task DeleteAsync(string tenantId, Guid entryId, CancellationToken ct) => vectors.DeleteEntryAsync(tenantId, entryId, ct);

    private static IEnumerable<VectorRecord> Records(ProjectedEntry projected)
    {
        var e = projected.Entry;
        var embeddings = projected.ChunkVectors
            ?? throw new InvalidOperationException($"Entry {e.Id} reached the vector projection without embeddings.");
        return projected.Chunks.Select((c, i) => new VectorRecord
        {
            Id = VectorRecord.ChunkId(e.Id, c.Index),
            EntryId = e.Id,
            ChunkIndex = c.Index,
            Text = c.Text,
            Title = e.Title,
            Embedding = embeddings[i],
            Category = e.Category,
            Tags = e.Tags,
            AgentId = e.AgentId,
            CreatedAt = e.CreatedAt,
        });
    }
}
