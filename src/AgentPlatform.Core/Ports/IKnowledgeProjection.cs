using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>A search-side copy of knowledge entries that the indexer keeps in step with the record.</summary>
public enum KnowledgeProjectionKind { Vectors, FullText, Documents }

/// <summary>An entry to project at its current version: its chunks, their embeddings when the round embedded them
/// (only when a vectors projection runs), and the outbox operation that asked for it (a re-embedding,
/// <see cref="OutboxOperation.ReindexVectors"/>, changes nothing a model's other collections hold).</summary>
public sealed record ProjectedEntry(KnowledgeEntry Entry, IReadOnlyList<KnowledgeChunk> Chunks, IReadOnlyList<ReadOnlyMemory<float>>? ChunkVectors,
    OutboxOperation Operation = OutboxOperation.Upsert);

/// <summary>One projection of knowledge (vectors, full text, documents). Both operations are idempotent: a retry after
/// a crash anywhere converges on the same state.</summary>
public interface IKnowledgeProjection
{
    KnowledgeProjectionKind Kind { get; }

    /// <summary>Writes the entries of one tenant, in as few store calls as the store allows.</summary>
    Task UpsertAsync(string tenantId, IReadOnlyList<ProjectedEntry> entries, CancellationToken ct);

    Task DeleteAsync(string tenantId, Guid entryId, CancellationToken ct);
}
