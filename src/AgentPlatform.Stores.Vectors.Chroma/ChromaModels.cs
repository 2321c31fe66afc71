using System.Text.Json.Nodes;
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

/// <summary>HNSW distance functions; similarity scores in this platform assume <see cref="Cosine"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChromaSpace>))]
public enum ChromaSpace
{
    [JsonStringEnumMemberName("cosine")] Cosine,
    [JsonStringEnumMemberName("l2")] L2,
    [JsonStringEnumMemberName("ip")] InnerProduct,
}

public sealed record ChromaHnswConfiguration
{
    public ChromaSpace? Space { get; init; }
}

public sealed record ChromaCollectionConfiguration
{
    public ChromaHnswConfiguration? Hnsw { get; init; }
}

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

/// <summary>Records for add or upsert; the lists are parallel to <see cref="Ids"/>. Metadata values must be scalars
/// (string, number, boolean).</summary>
public sealed record ChromaRecords
{
    public required IReadOnlyList<string> Ids { get; init; }
    public IReadOnlyList<ReadOnlyMemory<float>>? Embeddings { get; init; }
    public IReadOnlyList<string?>? Documents { get; init; }
    public IReadOnlyList<JsonObject?>? Metadatas { get; init; }
}

public sealed record ChromaGetRequest
{
    public IReadOnlyList<string>? Ids { get; init; }
    public ChromaWhere? Where { get; init; }
    public IReadOnlyList<ChromaInclude>? Include { get; init; }
    public int? Limit { get; init; }
    public int? Offset { get; init; }
}

/// <summary>Deletes the records matching <see cref="Ids"/> and/or <see cref="Where"/>.</summary>
public sealed record ChromaDeleteRequest
{
    public IReadOnlyList<string>? Ids { get; init; }
    public ChromaWhere? Where { get; init; }
}

public sealed record ChromaQueryRequest
{
    public required IReadOnlyList<ReadOnlyMemory<float>> QueryEmbeddings { get; init; }
    /// <summary>Must be at least 1 (the server fails on 0).</summary>
    public required int NResults { get; init; }
    public ChromaWhere? Where { get; init; }
    public IReadOnlyList<ChromaInclude>? Include { get; init; }
}

/// <summary>Get result: lists parallel to <see cref="Ids"/>; a list is null when it was not included.</summary>
public sealed record ChromaGetResult
{
    public required IReadOnlyList<string> Ids { get; init; }
    public IReadOnlyList<string?>? Documents { get; init; }
    public IReadOnlyList<JsonObject?>? Metadatas { get; init; }
    public IReadOnlyList<float[]>? Embeddings { get; init; }
}

/// <summary>Query result: one outer list entry per query embedding, each parallel to its <see cref="Ids"/> entry,
/// nearest first.</summary>
public sealed record ChromaQueryResult
{
    public required IReadOnlyList<IReadOnlyList<string>> Ids { get; init; }
    public IReadOnlyList<IReadOnlyList<string?>>? Documents { get; init; }
    public IReadOnlyList<IReadOnlyList<JsonObject?>>? Metadatas { get; init; }
    public IReadOnlyList<IReadOnlyList<double?>>? Distances { get; init; }
}

public sealed record ChromaPreFlightChecks
{
    /// <summary>The most records one add/upsert/delete request may carry.</summary>
    public required int MaxBatchSize { get; init; }
}

internal sealed record ChromaNamePayload(string Name);

internal sealed record ChromaCreateCollectionPayload(string Name, ChromaCollectionConfiguration Configuration, bool GetOrCreate, JsonObject? Metadata = null);

internal sealed record ChromaErrorResponse(string? Error, string? Message);

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
[JsonSerializable(typeof(ChromaErrorResponse))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class ChromaJsonContext : JsonSerializerContext;
