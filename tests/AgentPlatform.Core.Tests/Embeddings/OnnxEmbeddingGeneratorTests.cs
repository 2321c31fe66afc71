using System.Numerics.Tensors;
using AgentPlatform.Chunking;
using AgentPlatform.Embeddings;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Embeddings;

/// <summary>Reference values: /work/shared/models/all-MiniLM-L6-v2/SOURCE.md (sentence-transformers output of the same model).</summary>
[Collection(EmbeddingModelCollection.Name)]
public sealed class OnnxEmbeddingGeneratorTests(EmbeddingModelFixture model)
{
    private const float ReferenceTolerance = 1e-3f;
    private const float NumericTolerance = 1e-5f;

    private readonly OnnxEmbeddingGenerator _generator = model.Generator;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Example_sentence_matches_the_sentence_transformers_reference()
    {
        float[] vector = await EmbedAsync(_generator, "This is an example sentence");

        Assert.Equal(EmbeddingModels.MiniLm.Dimensions, vector.Length);
        float[] expectedStart = [0.0677f, 0.0635f, 0.0487f, 0.0793f, 0.0374f];
        for (int i = 0; i < expectedStart.Length; i++)
            Assert.Equal(expectedStart[i], vector[i], ReferenceTolerance);
    }

    [Fact]
    public async Task Cosine_similarities_match_the_reference()
    {
        var embeddings = await _generator.GenerateAsync(
            ["A man is eating food.", "A man is eating a piece of bread.", "The new movie is awesome."], cancellationToken: Ct);
        ReadOnlySpan<float> food = embeddings[0].Vector.Span, bread = embeddings[1].Vector.Span, movie = embeddings[2].Vector.Span;

        Assert.Equal(0.7553f, TensorPrimitives.CosineSimilarity(food, bread), ReferenceTolerance);
        Assert.Equal(-0.0461f, TensorPrimitives.CosineSimilarity(food, movie), ReferenceTolerance);
    }

    [Fact]
    public async Task A_query_in_float_is_embedded_like_a_document_because_the_model_has_no_prefixes()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { QueryPrecision = EmbeddingPrecision.Float32 });
        var asQuery = await generator.GenerateAsync(["This is an example sentence"], EmbeddingInput.Query(), Ct);

        Assert.Equal(EmbeddingPrecision.Float32, generator.QueryPrecision);
        Assert.Equal(await EmbedAsync(_generator, "This is an example sentence"), asQuery[0].Vector.ToArray());
    }

    [Fact]
    public async Task An_int8_query_is_embedded_by_the_int8_encoder_close_to_the_float_vector_of_the_same_text()
    {
        string[] texts =
        [
            "This is an example sentence",
            "What protects agent memories from being forgotten?",
            "0-dimensional biomaterials show inductive properties.",
            "Zürich, Genève and Lugano are Swiss cities.",
        ];

        var queries = await _generator.GenerateAsync(texts, EmbeddingInput.Query(), Ct);

        Assert.Equal(EmbeddingPrecision.Int8, _generator.QueryPrecision);
        for (int i = 0; i < texts.Length; i++)
        {
            float[] document = await EmbedAsync(_generator, texts[i]);
            float[] query = queries[i].Vector.ToArray();
            Assert.NotEqual(document, query);
            Assert.Equal(1f, TensorPrimitives.Norm<float>(query), NumericTolerance);
            Assert.InRange(TensorPrimitives.Dot<float>(document, query), 0.99f, 1.0001f);
        }
    }

    [Fact]
    public async Task A_batch_gives_the_same_vectors_as_single_inputs_in_input_order()
    {
        // Mixed lengths (padding inside a batch) and more inputs than the batch size (split into batches).
        string[] texts =
        [
            "A much longer sentence about the photosynthesis of green plants in the early morning light.",
            "Short.",
            "Cats sleep a lot.",
            "Vector databases index embeddings for nearest-neighbour search over millions of documents.",
            "Hello world",
            "The quick brown fox jumps over the lazy dog",
            "Zürich, Genève and Lugano are Swiss cities.",
        ];
        Assert.True(texts.Length > EmbeddingModelFixture.BatchSize);

        var batch = await _generator.GenerateAsync(texts, cancellationToken: Ct);

        Assert.Equal(texts.Length, batch.Count);
        for (int i = 0; i < texts.Length; i++)
        {
            float[] single = await EmbedAsync(_generator, texts[i]);
            Assert.Equal(single, batch[i].Vector.ToArray(), (a, b) => Math.Abs(a - b) <= NumericTolerance);
        }
        Assert.Equal(texts.Sum(t => (long)_generator.CountTokens(t)), batch.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Concurrent_requests_that_wait_for_an_inference_go_together_and_get_the_vectors_of_sequential_requests()
    {
        string[] texts = [.. Enumerable.Range(0, 16).Select(i => $"Query number {i} about the retention of agent memories.")];
        var sequential = new List<float[]>();
        foreach (var text in texts)
            sequential.Add(await EmbedAsync(_generator, text));

        // One inference at a time, and the test holds the first: every other request must wait for it.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchSizes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        using var generator = new OnnxEmbeddingGenerator(EmbeddingModels.MiniLm,
            new OnnxEmbeddingOptions { MaxBatchSize = EmbeddingModelFixture.BatchSize, MaxConcurrentInferences = 1 }, logger: null,
            wrapInference: infer => async (key, batch, ct) =>
            {
                batchSizes.Enqueue(batch.Count);
                await release.Task.WaitAsync(ct);
                return await infer(key, batch, ct);
            });
        var first = EmbedAsync(generator, texts[0]);
        await Eventually.UntilAsync("the first inference to start", _ => Task.FromResult(batchSizes.Count), count => count == 1, cancellationToken: Ct);
        var concurrent = texts.Skip(1).Select(text => Task.Run(() => EmbedAsync(generator, text), Ct)).ToArray();
        // All fifteen queued behind the held inference (each tokenizes first, on the thread pool).
        await Task.Delay(200, Ct);
        release.SetResult();

        var vectors = await Task.WhenAll([first, .. concurrent]);
        for (int i = 0; i < texts.Length; i++)
            Assert.Equal(sequential[i], vectors[i], (a, b) => Math.Abs(a - b) <= NumericTolerance);
        int[] sizes = [.. batchSizes];
        Assert.Equal(1, sizes[0]);
        Assert.Equal(texts.Length, sizes.Sum());
        Assert.All(sizes, size => Assert.InRange(size, 1, EmbeddingModelFixture.BatchSize));
        Assert.True(sizes.Length < texts.Length, $"the waiting requests should share inferences, got batches of {string.Join(", ", sizes)}");
    }

    [Fact]
    public async Task Every_vector_has_unit_length()
    {
        var embeddings = await _generator.GenerateAsync(["one", "two words", "a whole sentence with several words in it", "!"], cancellationToken: Ct);

        Assert.All(embeddings, e =>
        {
            Assert.Equal(EmbeddingModels.MiniLm.Dimensions, e.Vector.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), NumericTolerance);
            Assert.Equal(EmbeddingModels.MiniLm.Id, e.ModelId);
        });
    }

    [Fact]
    public async Task No_input_gives_no_embeddings()
    {
        var embeddings = await _generator.GenerateAsync([], cancellationToken: Ct);

        Assert.Empty(embeddings);
    }

    [Fact]
    public async Task Input_longer_than_the_model_limit_is_truncated_not_rejected()
    {
        string longText = string.Join(' ', Enumerable.Range(0, 600).Select(i => $"word{i % 37} sentence number {i}."));
        Assert.True(_generator.CountTokens(longText) > EmbeddingModels.MiniLm.MaxTokens);

        int[] ids = _generator.Tokenizer.EncodeForModel(longText);
        float[] vector = await EmbedAsync(_generator, longText);
        float[] withDifferentTail = await EmbedAsync(_generator, longText + " Completely different closing words about oceans.");

        Assert.Equal(EmbeddingModels.MiniLm.MaxTokens, ids.Length);
        Assert.Equal(101, ids[0]); // [CLS]
        Assert.Equal(102, ids[^1]); // [SEP]
        Assert.Equal(1f, TensorPrimitives.Norm<float>(vector), NumericTolerance);
        // Only the first 256 tokens are read, so text past them changes nothing.
        Assert.Equal(vector, withDifferentTail, (a, b) => Math.Abs(a - b) <= NumericTolerance);
    }

    [Fact]
    public void Metadata_names_the_provider_model_and_dimensions()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("onnxruntime", metadata.ProviderName);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task Other_dimensions_are_refused()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            _generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = 768 }, Ct));
    }

    [Fact]
    public async Task A_cancelled_request_stops_with_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _generator.GenerateAsync(["text"], cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Tokenizer_reads_line_breaks_as_spaces_and_strips_accents_like_the_reference_tokenizer()
    {
        WordPieceTokenizer tokenizer = _generator.Tokenizer;

        Assert.Equal(7, tokenizer.CountTokens("This is an example sentence"));
        Assert.Equal(tokenizer.EncodeForModel("line one line two"), tokenizer.EncodeForModel("line one\nline\r\ntwo"));
        Assert.Equal(tokenizer.EncodeForModel("cafe naive"), tokenizer.EncodeForModel("Café naïve"));
    }

    [Fact]
    public void Token_spans_point_into_the_original_text_when_normalization_changes_its_length()
    {
        // Decomposed accent (two chars -> one), control character (dropped), CJK (padded with spaces), tabs.
        const string text = "Cafe\u0301 x\u0001y\t中文 end.";

        IReadOnlyList<TokenSpan> spans = _generator.Tokenize(text);
        string[] pieces = [.. spans.Select(s => text[s.Start..s.End])];

        Assert.Equal(["Cafe\u0301", "x", "y", "中", "文", "end", "."], pieces);
        Assert.Equal([false, false, true, false, false, false, false], spans.Select(s => s.ContinuesWord));
    }

    [Fact]
    public async Task Model_directory_overrides_the_embedded_model()
    {
        using var directory = TemporaryDirectory.Create("minilm-");
        await EmbeddingModels.MiniLm.ExportAsync(directory.Path, Ct);
        using var fromDirectory = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = directory.Path, IntraOpThreads = 1 });

        float[] expected = await EmbedAsync(_generator, "This is an example sentence");
        Assert.Equal(expected, await EmbedAsync(fromDirectory, "This is an example sentence"), (a, b) => Math.Abs(a - b) <= NumericTolerance);
        Assert.Equal(90_893_304, new FileInfo(System.IO.Path.Combine(directory.Path, EmbeddingModel.ModelFileName)).Length);
    }

    [Fact]
    public void A_model_directory_without_the_model_fails_with_the_missing_file()
    {
        using var directory = TemporaryDirectory.Create("minilm-empty-");

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = directory.Path }));
        Assert.Contains(EmbeddingModel.ManifestFileName, error.Message);
    }

    [Fact]
    public async Task Cuda_request_falls_back_to_the_cpu_when_the_provider_is_missing()
    {
        // The CPU build of ONNX Runtime has no CUDA provider: the generator must still load and embed.
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { UseCuda = true, IntraOpThreads = 1 });

        Assert.Equal("CPU", generator.ExecutionProvider);
        Assert.Equal(EmbeddingModels.MiniLm.Dimensions, (await EmbedAsync(generator, "still works")).Length);
    }

    [Fact]
    public async Task Registration_binds_options_and_serves_one_instrumented_generator()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vectors:MaxBatchSize"] = "4",
            ["Vectors:IntraOpThreads"] = "1",
            ["Vectors:Chunking:OverlapTokens"] = "16",
        });
        builder.AddOnnxEmbeddings("Vectors");
        using IHost host = builder.Build();

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var onnx = host.Services.GetRequiredService<OnnxEmbeddingGenerator>();

        Assert.NotSame(onnx, generator); // wrapped by OpenTelemetry
        Assert.NotNull(generator.GetService<OpenTelemetryEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Same(onnx, generator.GetService<OnnxEmbeddingGenerator>());
        Assert.Same(onnx, host.Services.GetRequiredService<ITextTokenizer>());
        Assert.Equal(4, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OnnxEmbeddingOptions>>().Value.MaxBatchSize);
        Assert.Equal(16, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChunkingOptions>>().Value.OverlapTokens);
        Assert.NotNull(host.Services.GetRequiredService<TextChunker>());
        var embeddings = await generator.GenerateAsync(["This is an example sentence"], cancellationToken: Ct);
        Assert.Equal(0.0677f, embeddings[0].Vector.Span[0], ReferenceTolerance);
    }

    private static async Task<float[]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, string text)
    {
        var embeddings = await generator.GenerateAsync([text], cancellationToken: Ct);
        return embeddings[0].Vector.ToArray();
    }
}
