namespace AgentPlatform.Storage.Vectors.Chroma;

public sealed record ChromaHnswConfiguration
{
    public ChromaSpace? Space { get; init; }
    /// <summary>Candidates the graph search keeps (hnswlib's ef); Chroma's default is 100. A collection loaded by the
    /// server keeps the value it was loaded with, so a change takes effect when the server next loads it.</summary>
    public int? EfSearch { get; init; }
}
