using System.Numerics.Tensors;
using AgentPlatform.Embeddings;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Embeddings;

/// <summary>Reference values: docs/models/snowflake-arctic-embed-xs (reference.js: a WordPiece tokenizer of its own and
/// onnxruntime-node over the package's model.onnx, CLS pooling, L2 normalisation; no code shared with the generator).</summary>
[Collection(ArcticXsModelCollection.Name)]
public sealed class ArcticXsEmbeddingTests(ArcticXsModelFixture model)
{
    private const float ReferenceTolerance = 1e-3f;
    private const float NumericTolerance = 1e-5f;
    private const string Prefix = "Represent this sentence for searching relevant passages: ";

    private readonly OnnxEmbeddingGenerator _generator = model.Generator;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_registered_facts_are_the_model_cards()
    {
        EmbeddingModel arctic = _generator.Model;

        Assert.Equal("snowflake-arctic-embed-xs", arctic.Id);
        Assert.Equal(384, arctic.Dimensions);
        Assert.Equal(EmbeddingPooling.Cls, arctic.Pooling);
        Assert.Equal(512, arctic.MaxTokens);
        Assert.Equal(Prefix, arctic.QueryPrefix);
        Assert.Equal("", arctic.DocumentPrefix);
        Assert.Equal("snowflake-arctic-embed-xs/384", arctic.VectorSpace);
        Assert.Equal(512, _generator.MaxInputTokens);
        Assert.Equal("snowflake-arctic-embed-xs", _generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task Example_sentence_matches_the_onnxruntime_reference()
    {
        Assert.Equal([101, 2023, 2003, 2019, 2742, 6251, 102], _generator.Tokenizer.EncodeForModel("This is an example sentence"));
        var embeddings = await _generator.GenerateAsync(["This is an example sentence"], cancellationToken: Ct);
        float[] vector = embeddings[0].Vector.ToArray();

        Assert.Equal(384, vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm<float>(vector), NumericTolerance);
        Assert.Equal("snowflake-arctic-embed-xs", embeddings[0].ModelId);
        float[] expectedStart = [-0.0409f, 0.0642f, -0.0039f, -0.0413f, 0.0058f];
        for (int i = 0; i < expectedStart.Length; i++)
            Assert.Equal(expectedStart[i], vector[i], ReferenceTolerance);
    }

    [Fact]
    public async Task Cosine_similarities_match_the_reference_and_rank_the_similar_pair_first()
    {
        var embeddings = await _generator.GenerateAsync(
            ["A man is eating food.", "A man is eating a piece of bread.", "The new movie is awesome."], cancellationToken: Ct);
        float bread = TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        float movie = TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[2].Vector.Span);

        Assert.Equal(0.9387f, bread, ReferenceTolerance);
        Assert.Equal(0.7788f, movie, ReferenceTolerance);
        Assert.True(bread > movie);
    }

    [Fact]
    public async Task An_int8_query_is_close_to_the_float_query()
    {
        using var int8 = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = "snowflake-arctic-embed-xs" });
        string[] queries = ["what do cats eat?", "0-dimensional biomaterials show inductive properties.", "Which Swiss cities speak French?"];

        var quantized = await int8.GenerateAsync(queries, EmbeddingInput.Query(), Ct);
        var exact = await _generator.GenerateAsync(queries, EmbeddingInput.Query(), Ct);

        Assert.Equal(EmbeddingPrecision.Int8, int8.QueryPrecision);
        for (int i = 0; i < queries.Length; i++)
            Assert.InRange(TensorPrimitives.Dot(quantized[i].Vector.Span, exact[i].Vector.Span), 0.99f, 1.0001f);
    }

    [Fact]
    public async Task A_query_is_embedded_behind_the_query_prefix_and_a_document_without_it()
    {
        const string query = "what do cats eat?";
        var asQuery = await _generator.GenerateAsync([query], EmbeddingInput.Query(), Ct);
        var prefixedByHand = await _generator.GenerateAsync([Prefix + query], cancellationToken: Ct);
        var asDocument = await _generator.GenerateAsync([query], cancellationToken: Ct);
        var passages = await _generator.GenerateAsync(
            ["Cats are carnivores and eat mostly meat such as mice and birds.", "The stock market closed higher on Tuesday after strong earnings."],
            cancellationToken: Ct);

        Assert.Equal(prefixedByHand[0].Vector.ToArray(), asQuery[0].Vector.ToArray(), (a, b) => Math.Abs(a - b) <= NumericTolerance);
        Assert.NotEqual(asDocument[0].Vector.ToArray(), asQuery[0].Vector.ToArray());
        Assert.Equal(0.0593f, asQuery[0].Vector.Span[0], ReferenceTolerance);
        float related = TensorPrimitives.CosineSimilarity(asQuery[0].Vector.Span, passages[0].Vector.Span);
        float unrelated = TensorPrimitives.CosineSimilarity(asQuery[0].Vector.Span, passages[1].Vector.Span);
        Assert.Equal(0.7833f, related, ReferenceTolerance);
        Assert.Equal(0.4841f, unrelated, ReferenceTolerance);
    }

    [Fact]
    public async Task Its_limit_is_512_tokens()
    {
        string longText = string.Join(' ', Enumerable.Range(0, 900).Select(i => $"word{i % 37} sentence {i}."));
        int[] ids = _generator.Tokenizer.EncodeForModel(longText);

        Assert.Equal(512, ids.Length);
        Assert.Equal(102, ids[^1]);
        var vectors = await _generator.GenerateAsync([longText, longText + " a different tail about oceans"], cancellationToken: Ct);
        Assert.Equal(vectors[0].Vector.ToArray(), vectors[1].Vector.ToArray(), (a, b) => Math.Abs(a - b) <= NumericTolerance);
    }

    [Fact]
    public async Task A_model_directory_with_its_model_json_serves_the_same_model()
    {
        using var directory = TemporaryDirectory.Create("arctic-");
        await EmbeddingModels.ArcticXs.ExportAsync(directory.Path, Ct);
        using var fromDirectory = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = directory.Path, IntraOpThreads = 1, QueryPrecision = EmbeddingPrecision.Float32 });

        Assert.Equal(EmbeddingModels.ArcticXs with { ResourceAssembly = null, Directory = directory.Path }, fromDirectory.Model);
        var expected = await _generator.GenerateAsync(["what do cats eat?"], EmbeddingInput.Query(), Ct);
        var actual = await fromDirectory.GenerateAsync(["what do cats eat?"], EmbeddingInput.Query(), Ct);
        Assert.Equal(expected[0].Vector.ToArray(), actual[0].Vector.ToArray(), (a, b) => Math.Abs(a - b) <= NumericTolerance);
    }
}
