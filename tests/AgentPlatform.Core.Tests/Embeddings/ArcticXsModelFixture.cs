using AgentPlatform.Embeddings;

namespace AgentPlatform.Tests.Embeddings;

/// <summary>snowflake-arctic-embed-xs loaded once for its tests, chosen the way a deployment chooses it (Embeddings:Model),
/// with queries in float: its tests compare them with the model's published outputs.</summary>
public sealed class ArcticXsModelFixture : IDisposable
{
    public OnnxEmbeddingGenerator Generator { get; } = new(new OnnxEmbeddingOptions
    {
        Model = "snowflake-arctic-embed-xs", MaxBatchSize = EmbeddingModelFixture.BatchSize, QueryPrecision = EmbeddingPrecision.Float32,
    });

    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ArcticXsModelCollection : ICollectionFixture<ArcticXsModelFixture>
{
    public const string Name = "Arctic embedding model";
}
