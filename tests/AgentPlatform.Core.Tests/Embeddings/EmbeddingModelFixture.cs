using AgentPlatform.Embeddings;

namespace AgentPlatform.Tests.Embeddings;

/// <summary>One loaded model for the generator tests (loading takes a second or two). A batch size of 3 makes
/// every multi-input test exercise the splitting of requests into batches.</summary>
public sealed class EmbeddingModelFixture : IDisposable
{
    public const int BatchSize = 3;

    public OnnxEmbeddingGenerator Generator { get; } = new(new OnnxEmbeddingOptions { MaxBatchSize = BatchSize });

    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EmbeddingModelCollection : ICollectionFixture<EmbeddingModelFixture>
{
    public const string Name = "Embedding model";
}

/// <summary>The model's tokenizer alone (vocabulary only, no inference session), for chunking tests.</summary>
public static class ModelTokenizer
{
    private static readonly Lazy<WordPieceTokenizer> Shared = new(() =>
    {
        using Stream vocabulary = EmbeddingModels.MiniLm.Open(EmbeddingModel.VocabularyFileName);
        return WordPieceTokenizer.Create(vocabulary, EmbeddingModels.MiniLm.MaxTokens);
    });

    public static WordPieceTokenizer Instance => Shared.Value;
}
