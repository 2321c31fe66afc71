using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>An entry to project at its current version: its chunks, their embeddings when the round embedded them
/// (only when a vectors projection runs), and the outbox operation that asked for it (a re-embedding,
/// <see cref="OutboxOperation.ReindexVectors"/>, changes nothing a model's other collections hold).</summary>
public sealed record ProjectedEntry(KnowledgeEntry Entry, IReadOnlyList<KnowledgeChunk> Chunks, IReadOnlyList<ReadOnlyMemory<float>>? ChunkVectors,
    OutboxOperation Operation = OutboxOperation.Upsert);
