namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Where the platform's collections live in Chroma and how many records one write carries.</summary>
public sealed record ChromaVectorIndexOptions
{
    public const string DefaultName = "agentplatform";

    public string Tenant { get; init; } = DefaultName;
    public string Database { get; init; } = DefaultName;
    /// <summary>Upper bound for records per upsert; the server's own max_batch_size lowers it further.</summary>
    public int MaxBatchSize { get; init; } = 256;
    /// <summary>Queries of one collection, depth and filter in flight at once; queries made while that many are in
    /// flight wait and go together, as one request, when one returns.</summary>
    public int MaxConcurrentQueries { get; init; } = DefaultMaxConcurrentQueries;
    /// <summary>The HNSW search breadth (ef_search) of this index's collections: new ones are created with it and an
    /// existing one with another is changed to it when first used (the server applies it when it next loads the collection).</summary>
    public int SearchEf { get; init; } = DefaultSearchEf;

    /// <summary>Chroma's own default is 100; at the platform's candidate depth (top 50, or more for larger limits) the
    /// graph search then finds nearly every chunk an exact search would (README, "Search quality and latency").</summary>
    public const int DefaultSearchEf = 400;
    /// <summary>Most query embeddings one query request carries.</summary>
    public int MaxQueriesPerRequest { get; init; } = 16;

    public const int DefaultMaxConcurrentQueries = 2;
    /// <summary>The vector space ("model/dimensions") of this index's collections: written on each at creation
    /// ("embedding_model"), and a collection that records another is refused, so vectors of two models are never
    /// mixed. It also names the collections (<see cref="ChromaVectorIndex.CollectionName(string, string, string)"/>).</summary>
    public string EmbeddingModel { get; init; } = DefaultEmbeddingModel;

    /// <summary>The model collections were made with before the model was a choice: its collections keep the names
    /// they had then, so deployments that never change the model keep their collections.</summary>
    public const string DefaultEmbeddingModel = "all-MiniLM-L6-v2/384";
    /// <summary>Names this index's collections: "kb_" (knowledge) or "mem_" (conversation memory), then the tenant.</summary>
    public string CollectionPrefix { get; init; } = KnowledgePrefix;

    public const string KnowledgePrefix = "kb_";
    public const string MemoryPrefix = "mem_";

    public ChromaDatabase ChromaDatabase => new(Tenant, Database);
}
