namespace AgentPlatform.Storage.Vectors.Chroma;

public sealed record ChromaQueryRequest
{
    public required IReadOnlyList<ReadOnlyMemory<float>> QueryEmbeddings { get; init; }
    /// <summary>Must be at least 1 (the server fails on 0).</summary>
    public required int NResults { get; init; }
    public ChromaWhere? Where { get; init; }
    public IReadOnlyList<ChromaInclude>? Include { get; init; }
}
