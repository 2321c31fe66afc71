namespace AgentPlatform.Ports;

/// <summary>One embedded chunk. Id is "entryId:chunkIndex" so re-indexing an entry overwrites its chunks.</summary>
public sealed record VectorRecord
{
    public required string Id { get; init; }
    public required Guid EntryId { get; init; }
    public required int ChunkIndex { get; init; }
    public required string Text { get; init; }
    public required ReadOnlyMemory<float> Embedding { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The agent the chunk's entry belongs to, if any.</summary>
    public string? AgentId { get; init; }
    /// <summary>Memory chunks only: the message's session and user (a conversation message is the "entry").</summary>
    public string? SessionId { get; init; }
    public string? UserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public static string ChunkId(Guid entryId, int chunkIndex) => $"{entryId:N}:{chunkIndex}";
}

/// <summary>A tenant's collection: its name in the vector store, how many chunk vectors it holds, and the embedding model
/// they were made with.</summary>
public sealed record VectorCollectionStats(string Collection, long Vectors, string EmbeddingModel);

/// <summary>Similarity is 1 - cosine distance.</summary>
public sealed record VectorHit(VectorRecord Record, double Similarity);

/// <summary>The service keys of the vector indices: knowledge is the default (unkeyed) IVectorIndex; conversation
/// memory is the keyed one, a collection of its own per tenant.</summary>
public static class VectorIndexKeys
{
    public const string Memory = "memory";
}

/// <summary>Vector index port (Chroma). One collection per tenant.</summary>
public interface IVectorIndex
{
    Task UpsertAsync(string tenantId, IReadOnlyList<VectorRecord> records, CancellationToken ct);
    /// <summary>Removes every chunk of an entry.</summary>
    Task DeleteEntryAsync(string tenantId, Guid entryId, CancellationToken ct);
    /// <summary>For each entry, removes its chunks with index &gt;= FromChunk (after an update shortened the entry);
    /// one call covers a whole indexing round.</summary>
    Task DeleteChunksFromAsync(string tenantId, IReadOnlyList<(Guid EntryId, int FromChunk)> entries, CancellationToken ct);
    Task<IReadOnlyList<VectorHit>> QueryAsync(string tenantId, ReadOnlyMemory<float> embedding, int topK, SearchFilter filter, CancellationToken ct);
    Task<long> CountAsync(string tenantId, CancellationToken ct);
    /// <summary>The tenant's collection (0 vectors while it does not exist yet).</summary>
    Task<VectorCollectionStats> StatsAsync(string tenantId, CancellationToken ct);
}
