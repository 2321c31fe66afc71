namespace AgentPlatform.Ports;

/// <summary>One embedded chunk. Id is "entryId:chunkIndex" so re-indexing an entry overwrites its chunks.</summary>
public sealed record VectorRecord
{
    public required string Id { get; init; }
    public required Guid EntryId { get; init; }
    public required int ChunkIndex { get; init; }
    public required string Text { get; init; }
    /// <summary>The entry's title, so a hit names its entry without a document lookup; null on chunks written before
    /// the index stored titles (until the entry is reindexed).</summary>
    public string? Title { get; init; }
    public required ReadOnlyMemory<float> Embedding { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The agent the chunk's entry belongs to, if any.</summary>
    public string? AgentId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public static string ChunkId(Guid entryId, int chunkIndex) => $"{entryId:N}:{chunkIndex}";
}

/// <summary>Similarity is 1 - cosine distance.</summary>
public sealed record VectorHit(VectorRecord Record, double Similarity);

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
}
