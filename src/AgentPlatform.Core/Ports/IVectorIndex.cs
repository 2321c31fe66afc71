namespace AgentPlatform.Ports;

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
    /// <summary>Like <see cref="QueryAsync"/> (same filter, same order), but each hit is only its chunk and similarity:
    /// for callers that keep a few of many candidates and read those from the document store, since a vector store
    /// pays for every record's metadata it returns.</summary>
    Task<IReadOnlyList<VectorMatch>> MatchAsync(string tenantId, ReadOnlyMemory<float> embedding, int topK, SearchFilter filter, CancellationToken ct);
    Task<long> CountAsync(string tenantId, CancellationToken ct);
    /// <summary>The tenant's collection (0 vectors while it does not exist yet).</summary>
    Task<VectorCollectionStats> StatsAsync(string tenantId, CancellationToken ct);
}
