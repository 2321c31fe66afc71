namespace AgentPlatform.Contracts;

/// <summary>The caller's vector collection: its name in Chroma, how many chunk vectors it holds (one per indexed chunk
/// of every entry) and the embedding model that made them.</summary>
public sealed record CollectionStats(string TenantId, string Collection, long Vectors, string EmbeddingModel);
