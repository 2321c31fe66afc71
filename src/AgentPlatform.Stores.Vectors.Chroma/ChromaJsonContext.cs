using System.Text.Json.Serialization;

namespace AgentPlatform.Storage.Vectors.Chroma;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChromaCollection))]
[JsonSerializable(typeof(IReadOnlyList<ChromaCollection>))]
[JsonSerializable(typeof(AgentPlatform.Ports.VectorModelState))]
[JsonSerializable(typeof(ChromaRecords))]
[JsonSerializable(typeof(ChromaGetRequest))]
[JsonSerializable(typeof(ChromaDeleteRequest))]
[JsonSerializable(typeof(ChromaQueryRequest))]
[JsonSerializable(typeof(ChromaGetResult))]
[JsonSerializable(typeof(ChromaQueryResult))]
[JsonSerializable(typeof(ChromaPreFlightChecks))]
[JsonSerializable(typeof(ChromaNamePayload))]
[JsonSerializable(typeof(ChromaCreateCollectionPayload))]
[JsonSerializable(typeof(ChromaModifyCollectionPayload))]
[JsonSerializable(typeof(ChromaErrorResponse))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class ChromaJsonContext : JsonSerializerContext;
