using System.Text.Json.Serialization;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>What a get or query returns besides ids.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChromaInclude>))]
public enum ChromaInclude
{
    [JsonStringEnumMemberName("documents")] Documents,
    [JsonStringEnumMemberName("metadatas")] Metadatas,
    [JsonStringEnumMemberName("distances")] Distances,
    [JsonStringEnumMemberName("embeddings")] Embeddings,
}
