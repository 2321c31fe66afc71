using System.Numerics.Tensors;
using AgentPlatform.Chunking;
using AgentPlatform.Concurrency;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace AgentPlatform.Embeddings;

/// <summary>
/// Sentence embeddings from a BERT-family encoder on ONNX Runtime, as its <see cref="EmbeddingModel"/> says: the
/// query or document prefix, word pieces, <c>last_hidden_state</c>, mean over the attention mask or the [CLS] state,
/// L2 normalisation (so cosine similarity is a dot product). One class for every model.
/// </summary>
/// <remarks>
/// One <see cref="InferenceSession"/> serves every caller (its Run is thread-safe); with
/// <see cref="OnnxEmbeddingOptions.QueryPrecision"/> Int8 on the CPU, a second one, of the model rewritten for int8,
/// embeds the queries. That one is built by the first query (about a second and a few hundred MB of transient memory
/// on a small CPU), so a process that only embeds documents (the worker) never pays for it. <see cref="GenerateAsync"/> tokenizes
/// and runs inference on the thread pool, one work item per batch of at most <see cref="OnnxEmbeddingOptions.MaxBatchSize"/>
/// inputs, so the calling thread is never blocked and cancellation is honoured between and during batches. Up to
/// <see cref="OnnxEmbeddingOptions.MaxConcurrentInferences"/> batches run at once; inputs that wait for one (this call's
/// or other callers': concurrent searches each embed one query) go together in the next batch, so the cost of a model
/// run is shared under load and a caller alone never waits.
/// The generator is also the model's <see cref="ITextTokenizer"/>, so chunks are measured with the tokenizer that embeds them.
/// </remarks>
public sealed partial class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ITextTokenizer
{
    public const string ProviderName = "onnxruntime";

    private const string InputIdsName = "input_ids";
    private const string AttentionMaskName = "attention_mask";
    private const string TokenTypeIdsName = "token_type_ids";
    private const string HiddenStateName = "last_hidden_state";

    private static readonly string[] OutputNames = [HiddenStateName];

    private readonly InferenceSession _session;
    private readonly Lazy<InferenceSession> _querySession;
    private readonly string[] _inputNames;
    /// <summary>Keyed by whether the inputs are queries (<see cref="_querySession"/>) or documents (<see cref="_session"/>).</summary>
    private readonly RequestBatcher<bool, int[], float[]> _inferences;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    /// <summary>The configured model (<see cref="EmbeddingModels.Resolve"/>).</summary>
    public OnnxEmbeddingGenerator(OnnxEmbeddingOptions? options = null, ILogger<OnnxEmbeddingGenerator>? logger = null)
        : this(EmbeddingModels.Resolve(options ??= new OnnxEmbeddingOptions()), options, logger, wrapInference: null)
    {
    }

    /// <summary>A given model with the configured inference settings (e.g. the previous model while a tenant's vectors move to the configured one).</summary>
    public OnnxEmbeddingGenerator(EmbeddingModel model, OnnxEmbeddingOptions options, ILogger<OnnxEmbeddingGenerator>? logger = null)
        : this(model, options, logger, wrapInference: null)
    {
    }

    /// <param name="wrapInference">Wraps the batch inference: the tests hold it, to see concurrent callers wait and go together.</param>
    internal OnnxEmbeddingGenerator(EmbeddingModel model, OnnxEmbeddingOptions options, ILogger? logger,
        Func<RequestBatcher<bool, int[], float[]>.BatchOperation, RequestBatcher<bool, int[], float[]>.BatchOperation>? wrapInference)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Model = model;
        _metadata = new(ProviderName, providerUri: null, model.Id, model.Dimensions);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentInferences, 1, nameof(options.MaxConcurrentInferences));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IntraOpThreads, 1, nameof(options.IntraOpThreads));
        if (!Enum.IsDefined(options.QueryPrecision))
            throw new ArgumentOutOfRangeException(nameof(options), options.QueryPrecision, "Unknown query precision.");
        ILogger log = logger ?? NullLogger<OnnxEmbeddingGenerator>.Instance;

        using (Stream vocabulary = model.Open(EmbeddingModel.VocabularyFileName))
            Tokenizer = WordPieceTokenizer.Create(vocabulary, model.MaxTokens, model.LowerCase);

        _session = CreateSession(ReadModel(model), options, log);
        try
        {
            _inputNames = ValidateModel(_session, model);
            QueryPrecision = options.QueryPrecision == EmbeddingPrecision.Int8 && ExecutionProvider == "CPU" ? EmbeddingPrecision.Int8 : EmbeddingPrecision.Float32;
            _querySession = QueryPrecision == EmbeddingPrecision.Int8
                ? new Lazy<InferenceSession>(() => CreateInt8Session(model, options), LazyThreadSafetyMode.ExecutionAndPublication)
                : new Lazy<InferenceSession>(_session);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        RequestBatcher<bool, int[], float[]>.BatchOperation infer =
            (queries, batch, ct) => Task.Run<IReadOnlyList<float[]>>(() => Infer(queries ? _querySession.Value : _session, batch, ct), ct);
        _inferences = new(wrapInference?.Invoke(infer) ?? infer, options.MaxBatchSize, options.MaxConcurrentInferences);
        LogLoaded(log, model.Id, model.Source, ExecutionProvider, QueryPrecision, options.IntraOpThreads, options.MaxConcurrentInferences);
    }

    public EmbeddingModel Model { get; }

    /// <summary>"CUDA" or "CPU": where inference runs.</summary>
    public string ExecutionProvider { get; private set; } = "CPU";

    /// <summary>How queries are embedded: the configured <see cref="OnnxEmbeddingOptions.QueryPrecision"/>, except on CUDA (always float).</summary>
    public EmbeddingPrecision QueryPrecision { get; }

    /// <summary>The tokenizer that prepares this model's input.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    public int MaxInputTokens => Tokenizer.MaxInputTokens;

    public int SpecialTokenCount => Tokenizer.SpecialTokenCount;

    public int CountTokens(string text) => Tokenizer.CountTokens(text);

    public IReadOnlyList<TokenSpan> Tokenize(string text) => Tokenizer.Tokenize(text);

    /// <summary>
    /// Embeds the texts, in order, each behind the model's query prefix when <paramref name="options"/> marks a query
    /// (<see cref="EmbeddingInput.Query"/>, embedded at <see cref="QueryPrecision"/>), else behind its document prefix. Inputs longer than the model's
    /// <see cref="EmbeddingModel.MaxTokens"/> are truncated (chunk them first to embed all of them). Inputs are sorted
    /// by length before batching so padding stays small.
    /// </summary>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (options?.Dimensions is { } dimensions && dimensions != Model.Dimensions)
            throw new NotSupportedException($"{Model.Id} produces {Model.Dimensions} dimensions; {dimensions} were requested.");

        bool isQuery = EmbeddingInput.IsQuery(options);
        string prefix = isQuery ? Model.QueryPrefix : Model.DocumentPrefix;
        string[] texts = prefix.Length == 0 ? [.. values] : [.. values.Select(text => prefix + text)];
        if (texts.Length == 0)
            return [];

        int[][] encoded = await Task.Run(() => Array.ConvertAll(texts, Tokenizer.EncodeForModel), cancellationToken).ConfigureAwait(false);
        int[] byLength = [.. Enumerable.Range(0, texts.Length).OrderBy(i => encoded[i].Length)];
        float[][] vectors = await _inferences.RunAsync(isQuery, Array.ConvertAll(byLength, i => encoded[i]), cancellationToken).ConfigureAwait(false);
        DateTimeOffset createdAt = DateTimeOffset.UtcNow;
        var embeddings = new Embedding<float>[texts.Length];
        for (int j = 0; j < byLength.Length; j++)
            embeddings[byLength[j]] = new Embedding<float>(vectors[j]) { ModelId = Model.Id, CreatedAt = createdAt };

        long tokenCount = encoded.Sum(ids => (long)ids.Length);
        return new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokenCount, TotalTokenCount = tokenCount },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return _metadata;
        if (serviceType == typeof(InferenceSession))
            return _session;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Idempotent: a telemetry wrapper and the DI container may both dispose the generator.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (_querySession.IsValueCreated && _querySession.Value != _session)
            _querySession.Value.Dispose();
        _session.Dispose();
    }

    /// <summary>One inference over a batch padded to its longest input; blocks, so it runs on the thread pool.</summary>
    private float[][] Infer(InferenceSession session, IReadOnlyList<int[]> batch, CancellationToken cancellationToken)
    {
        int rows = batch.Count;
        int columns = batch.Max(ids => ids.Length);
        var inputIds = new long[rows * columns];
        var attentionMask = new long[rows * columns];
        for (int row = 0; row < rows; row++)
        {
            int rowStart = row * columns;
            for (int column = 0; column < batch[row].Length; column++)
            {
                inputIds[rowStart + column] = batch[row][column];
                attentionMask[rowStart + column] = 1;
            }
        }

        long[] shape = [rows, columns];
        using OrtValue inputIdsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using OrtValue attentionMaskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using OrtValue tokenTypeIdsValue = OrtValue.CreateTensorValueFromMemory(new long[rows * columns], shape);
        OrtValue[] inputs = Array.ConvertAll(_inputNames, name => name switch
        {
            InputIdsName => inputIdsValue,
            AttentionMaskName => attentionMaskValue,
            _ => tokenTypeIdsValue,
        });

        using var runOptions = new RunOptions();
        using CancellationTokenRegistration stopOnCancel = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, _inputNames, inputs, OutputNames);
            return Pool(outputs[0].GetTensorDataAsSpan<float>(), batch, columns);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>
    /// Mean pooling: the attention mask is 1 exactly on each row's own tokens, so the pooled vector is the sum of those
    /// hidden states; dividing by the token count does not change the direction, so it is only done when the vector
    /// is not normalised anyway. CLS pooling: the row's first state, the [CLS] token's.
    /// </summary>
    private float[][] Pool(ReadOnlySpan<float> hiddenStates, IReadOnlyList<int[]> batch, int columns)
    {
        int dimensions = Model.Dimensions;
        var vectors = new float[batch.Count][];
        for (int row = 0; row < batch.Count; row++)
        {
            var vector = new float[dimensions];
            ReadOnlySpan<float> rowStates = hiddenStates.Slice(row * columns * dimensions, batch[row].Length * dimensions);
            if (Model.Pooling == EmbeddingPooling.Cls)
            {
                rowStates[..dimensions].CopyTo(vector);
            }
            else
            {
                for (int token = 0; token < batch[row].Length; token++)
                    TensorPrimitives.Add(vector, rowStates.Slice(token * dimensions, dimensions), vector);
                if (!Model.Normalize)
                    TensorPrimitives.Divide(vector, batch[row].Length, vector);
            }
            if (Model.Normalize)
                TensorPrimitives.Divide(vector, Math.Max(TensorPrimitives.Norm<float>(vector), 1e-12f), vector);
            vectors[row] = vector;
        }
        return vectors;
    }

    private InferenceSession CreateSession(byte[] model, OnnxEmbeddingOptions options, ILogger logger)
    {
        if (options.UseCuda)
        {
            try
            {
                using SessionOptions cudaOptions = CreateSessionOptions(options);
                cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                InferenceSession session = new(model, cudaOptions);
                ExecutionProvider = "CUDA";
                return session;
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                LogCudaUnavailable(logger, options.CudaDeviceId, e.Message);
            }
        }
        using SessionOptions cpuOptions = CreateSessionOptions(options);
        return new InferenceSession(model, cpuOptions);
    }

    private static byte[] ReadModel(EmbeddingModel model)
    {
        using Stream modelStream = model.Open(EmbeddingModel.ModelFileName);
        var weights = new byte[modelStream.Length];
        modelStream.ReadExactly(weights);
        return weights;
    }

    /// <summary>The model read again from its source and rewritten for int8 (the float session's bytes are not kept for it).</summary>
    private static InferenceSession CreateInt8Session(EmbeddingModel model, OnnxEmbeddingOptions options)
    {
        using SessionOptions int8Options = CreateSessionOptions(options);
        return new InferenceSession(DynamicQuantization.Quantize(ReadModel(model), DynamicQuantization.WeightRange), int8Options);
    }

    private static SessionOptions CreateSessionOptions(OnnxEmbeddingOptions options) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        IntraOpNumThreads = options.IntraOpThreads,
    };

    /// <summary>Fails at load, not at the first request, when the model is not a BERT encoder with hidden states as wide as its facts say.</summary>
    private static string[] ValidateModel(InferenceSession session, EmbeddingModel model)
    {
        if (!session.OutputMetadata.TryGetValue(HiddenStateName, out NodeMetadata? hidden) || hidden.Dimensions[^1] != model.Dimensions)
            throw new InvalidOperationException($"The embedding model {model.Id} ({model.Source}) has no '{HiddenStateName}' output of width {model.Dimensions}.");
        foreach (string required in (string[])[InputIdsName, AttentionMaskName])
        {
            if (!session.InputMetadata.ContainsKey(required))
                throw new InvalidOperationException($"The embedding model {model.Id} ({model.Source}) has no '{required}' input.");
        }
        string[] known = [InputIdsName, AttentionMaskName, TokenTypeIdsName];
        string[] unknown = [.. session.InputMetadata.Keys.Except(known)];
        if (unknown.Length > 0)
            throw new InvalidOperationException($"The embedding model {model.Id} ({model.Source}) takes inputs this generator does not provide: {string.Join(", ", unknown)}.");
        return [.. known.Where(session.InputMetadata.ContainsKey)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding model {ModelId} loaded from {Source}; execution provider {Provider}, queries in {QueryPrecision}, {Threads} intra-op threads, {Concurrent} inferences at once")]
    private static partial void LogLoaded(ILogger logger, string modelId, string source, string provider, EmbeddingPrecision queryPrecision, int threads, int concurrent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CUDA execution provider unavailable on device {DeviceId}, embedding on the CPU instead: {Reason}")]
    private static partial void LogCudaUnavailable(ILogger logger, int deviceId, string reason);
}
