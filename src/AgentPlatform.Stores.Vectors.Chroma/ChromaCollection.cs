using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>A collection as the server describes it; its tenant, database and id address every record operation.</summary>
public sealed record ChromaCollection
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Tenant { get; init; }
    public required string Database { get; init; }
    public JsonObject? Metadata { get; init; }
    /// <summary>Embedding dimension, fixed by the first write; null while the collection is empty.</summary>
    public int? Dimension { get; init; }
    [JsonPropertyName("configuration_json")]
    public ChromaCollectionConfiguration? Configuration { get; init; }
}
