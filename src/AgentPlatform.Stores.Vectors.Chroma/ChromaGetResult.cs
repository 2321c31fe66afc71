using System.Text.Json.Nodes;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Get result: lists parallel to <see cref="Ids"/>; a list is null when it was not included.</summary>
public sealed record ChromaGetResult
{
    public required IReadOnlyList<string> Ids { get; init; }
    public IReadOnlyList<string?>? Documents { get; init; }
    public IReadOnlyList<JsonObject?>? Metadatas { get; init; }
    public IReadOnlyList<float[]>? Embeddings { get; init; }
}
