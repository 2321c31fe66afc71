using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using Microsoft.Extensions.AI;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>Chunks with their embeddings in the tenant's knowledge collection of the configured model, ids
/// "entryId:n"; an update that shortened an entry also removes its chunks past the new end. While the tenant's
/// searches still read another model's collection, a new write or a delete reaches that one too (its chunks embedded
/// with that model), so nothing is missing from either side of the switch; a re-embedding does not (it changes nothing there).</summary>
public sealed class VectorProjection(IVectorIndex vectors, IVectorCollections collections, TenantVectorModels models, EmbeddingGenerators generators, TextChunker chunker) : IKnowledgeProjection
{
    public KnowledgeProjectionKind Kind => KnowledgeProjectionKind.Vectors;

    public async Task UpsertAsync(string tenantId, IReadOnlyList<ProjectedEntry> entries, CancellationToken ct)
    {
        var state = await models.EnsureAsync(tenantId, ct);
        await WriteAsync(vectors, tenantId, entries, [.. entries.Select(VectorsOf)], ct);
        if (state.Active == models.Configured)
            return;
        var changed = entries.Where(e => e.Operation != OutboxOperation.ReindexVectors).ToList();
        if (changed.Count == 0)
            return;
        var generated = await generators.For(state.Active).GenerateAsync([.. changed.SelectMany(e => chunker.EmbeddedTexts(e.Entry.Title, e.Entry.Content, e.Chunks))], cancellationToken: ct);
        var offset = 0;
        var previous = new List<IReadOnlyList<ReadOnlyMemory<float>>>(changed.Count);
        foreach (var entry in changed)
        {
            previous.Add([.. generated.Skip(offset).Take(entry.Chunks.Count).Select(g => g.Vector)]);
            offset += entry.Chunks.Count;
        }
        await WriteAsync(collections.Knowledge(state.Active), tenantId, changed, previous, ct);
    }

    public async Task DeleteAsync(string tenantId, Guid entryId, CancellationToken ct)
    {
        var state = await models.EnsureAsync(tenantId, ct);
        await vectors.DeleteEntryAsync(tenantId, entryId, ct);
        if (state.Active != models.Configured)
            await collections.Knowledge(state.Active).DeleteEntryAsync(tenantId, entryId, ct);
    }

    private static async Task WriteAsync(IVectorIndex index, string tenantId, IReadOnlyList<ProjectedEntry> entries,
        IReadOnlyList<IReadOnlyList<ReadOnlyMemory<float>>> embeddings, CancellationToken ct)
    {
        await index.UpsertAsync(tenantId, [.. entries.SelectMany((e, i) => Records(e, embeddings[i]))], ct);
        await index.DeleteChunksFromAsync(tenantId, [.. entries.Select(e => (e.Entry.Id, e.Chunks.Count))], ct);
    }

    private static IReadOnlyList<ReadOnlyMemory<float>> VectorsOf(ProjectedEntry projected) => projected.ChunkVectors
        ?? throw new InvalidOperationException($"Entry {projected.Entry.Id} reached the vector projection without embeddings.");

    private static IEnumerable<VectorRecord> Records(ProjectedEntry projected, IReadOnlyList<ReadOnlyMemory<float>> embeddings)
    {
        var e = projected.Entry;
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
