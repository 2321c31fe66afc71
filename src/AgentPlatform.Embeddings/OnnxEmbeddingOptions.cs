namespace AgentPlatform.Embeddings;

/// <summary>Settings of the ONNX embedding generator (configuration section "Embeddings" by default).</summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>The id of a registered model (<see cref="EmbeddingModels.Registered"/>); all-MiniLM-L6-v2 when unset.
    /// With <see cref="ModelDirectory"/>, it must match the directory's model.json (or stay unset).</summary>
    public string? Model { get; set; }

    /// <summary>A folder with model.onnx, vocab.txt and model.json (the model's facts: id, dimensions, pooling, maxTokens,
    /// prefixes); when unset the registered model named by <see cref="Model"/> is read from its package.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one inference. One by default: the cores are used by running
    /// <see cref="MaxConcurrentInferences"/> inferences side by side instead, which needs no hand-over between threads
    /// inside an inference (on 2 cores with other processes busy, a 2-thread inference waits on whichever thread
    /// was descheduled; bench ingest measured the worker at 14.5 chunks/s that way and 15.8 with 1 thread x 2).</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Inferences run at the same time, across callers and across the batches of one call; callers beyond
    /// it wait without holding a thread. Defaults to the core count: more at once only oversubscribe the CPU and,
    /// under many concurrent searches, starve the thread pool (seen as engine timeouts in the 32-client load bench).</summary>
    public int MaxConcurrentInferences { get; set; } = Environment.ProcessorCount;

    /// <summary>Most inputs per inference; larger requests are split into batches of this size. Small batches are
    /// as fast per token on a CPU (bench embed on 2 cores: 4-8 inputs 16.7 passages/s, 32 inputs 14.1) and waste
    /// less on padding to the batch's longest input.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How queries are embedded. <see cref="EmbeddingPrecision.Int8"/> by default: a search embeds one short
    /// query and waits for it, and the int8 encoder (the same weights rounded, built by the first query) computes it about twice as
    /// fast, with vectors so close to the float ones that they search the same stored vectors as well (measured in
    /// the README's embedding settings). Documents are always embedded in float: stored vectors are the model's own. On CUDA queries
    /// are embedded in float too (the GPU has no kernels for the int8 operators).</summary>
    public EmbeddingPrecision QueryPrecision { get; set; } = EmbeddingPrecision.Int8;

    /// <summary>Tries the CUDA execution provider first and falls back to the CPU (with a warning) when it is not available.</summary>
    public bool UseCuda { get; set; }

    /// <summary>The GPU used when <see cref="UseCuda"/> is set.</summary>
    public int CudaDeviceId { get; set; }
}
