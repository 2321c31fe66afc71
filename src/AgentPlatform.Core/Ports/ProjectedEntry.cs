using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>An entry to project at its current version: its chunks, and their embeddings when the round embedded
/// them (only when a vectors projection runs).</summary>
public sealed record ProjectedEntry(KnowledgeEntry Entry, IReadOnlyList<KnowledgeChunk> Chunks, IReadOnlyList<ReadOnlyMemory<float>>? ChunkVectors);
