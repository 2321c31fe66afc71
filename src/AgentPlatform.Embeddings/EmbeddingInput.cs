using Microsoft.Extensions.AI;

namespace AgentPlatform.Embeddings;

/// <summary>Whether a text to embed is a search query or an indexed text: asymmetric models put a different prefix
/// before each (<see cref="EmbeddingModel.QueryPrefix"/>). Carried in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>
/// so callers keep the plain <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>; no mark means a document.</summary>
public static class EmbeddingInput
{
    public const string TypeKey = "input_type";
    public const string QueryType = "query";

    /// <summary>New options per call: the options object is mutable, so none is shared.</summary>
    public static EmbeddingGenerationOptions Query() => new() { AdditionalProperties = new() { [TypeKey] = QueryType } };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(TypeKey, out object? type) == true && QueryType.Equals(type as string, StringComparison.Ordinal);
}
