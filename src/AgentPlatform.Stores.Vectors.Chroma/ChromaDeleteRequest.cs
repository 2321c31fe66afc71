namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Deletes the records matching <see cref="Ids"/> and/or <see cref="Where"/>.</summary>
public sealed record ChromaDeleteRequest
{
    public IReadOnlyList<string>? Ids { get; init; }
    public ChromaWhere? Where { get; init; }
}
