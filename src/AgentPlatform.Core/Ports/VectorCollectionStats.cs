namespace AgentPlatform.Ports;

/// <summary>A tenant's collection: its name in the vector store, how many chunk vectors it holds, and the embedding model
/// they were made with.</summary>
public sealed record VectorCollectionStats(string Collection, long Vectors, string EmbeddingModel);
