namespace AgentPlatform.Storage.Vectors.Chroma;

public sealed record ChromaCollectionConfiguration
{
    public ChromaHnswConfiguration? Hnsw { get; init; }
}
