using System.Text.Json.Serialization;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>HNSW distance functions; similarity scores in this platform assume <see cref="Cosine"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChromaSpace>))]
public enum ChromaSpace
{
    [JsonStringEnumMemberName("cosine")] Cosine,
    [JsonStringEnumMemberName("l2")] L2,
    [JsonStringEnumMemberName("ip")] InnerProduct,
}
