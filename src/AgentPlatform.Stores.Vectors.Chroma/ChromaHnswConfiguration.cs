namespace AgentPlatform.Storage.Vectors.Chroma;

public sealed record ChromaHnswConfiguration
{
    public ChromaSpace? Space { get; init; }
}
