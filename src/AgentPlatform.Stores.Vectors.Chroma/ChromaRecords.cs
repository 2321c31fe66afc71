using System.Text.Json.Nodes;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Records for add or upsert; the lists are parallel to <see cref="Ids"/>. Metadata values must be scalars
/// (string, number, boolean).</summary>
public sealed record ChromaRecords
{
    public required IReadOnlyList<string> Ids { get; init; }
    public IReadOnlyList<ReadOnlyMemory<float>>? Embeddings { get; init; }
    public IReadOnlyList<string?>? Documents { get; init; }
    public IReadOnlyList<JsonObject?>? Metadatas { get; init; }
}
