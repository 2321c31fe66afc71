namespace AgentPlatform.Storage.Vectors.Chroma;

public sealed record ChromaGetRequest
{
    public IReadOnlyList<string>? Ids { get; init; }
    public ChromaWhere? Where { get; init; }
    public IReadOnlyList<ChromaInclude>? Include { get; init; }
    public int? Limit { get; init; }
    public int? Offset { get; init; }
}
