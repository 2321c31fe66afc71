using System.Text.Json.Nodes;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Query result: one outer list entry per query embedding, each parallel to its <see cref="Ids"/> entry,
/// nearest first.</summary>
public sealed record ChromaQueryResult
{
    public required IReadOnlyList<IReadOnlyList<string>> Ids { get; init; }
    public IReadOnlyList<IReadOnlyList<string?>>? Documents { get; init; }
    public IReadOnlyList<IReadOnlyList<JsonObject?>>? Metadatas { get; init; }
    public IReadOnlyList<IReadOnlyList<double?>>? Distances { get; init; }
}
