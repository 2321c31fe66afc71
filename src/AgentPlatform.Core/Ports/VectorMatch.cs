namespace AgentPlatform.Ports;

/// <summary>A chunk near the query, without its record: similarity is 1 - cosine distance, as in <see cref="VectorHit"/>.</summary>
public sealed record VectorMatch(Guid EntryId, int ChunkIndex, double Similarity);
