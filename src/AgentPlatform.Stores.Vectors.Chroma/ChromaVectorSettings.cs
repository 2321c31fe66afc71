using AgentPlatform.Storage.Configuration;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>The vector index (section <c>AgentPlatform:Chroma</c>, both backends): the connection string is
/// "Endpoint=http://host:port"; the Chroma tenant and database hold the platform's collections.</summary>
public sealed class ChromaVectorSettings : StoreSettings
{
    public const string SectionName = "AgentPlatform:Chroma";

    public string Tenant { get; set; } = ChromaVectorIndexOptions.DefaultName;
    public string Database { get; set; } = ChromaVectorIndexOptions.DefaultName;

    /// <summary>The embedding model ("id/dimensions") recorded on each new collection and required of an existing one;
    /// null keeps <see cref="ChromaVectorIndexOptions.EmbeddingModel"/>'s default. The services set it from
    /// Embeddings:Model, so vectors of another model are refused instead of mixed.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Vector queries of one collection and filter this process sends at once (at least 1); queries made
    /// meanwhile wait and are sent together in one request when one returns, so under concurrent searches Chroma
    /// answers fewer, larger requests.</summary>
    public int MaxConcurrentQueries { get; set; } = ChromaVectorIndexOptions.DefaultMaxConcurrentQueries;

    /// <summary>The HNSW search breadth (ef_search, at least 1) of the platform's collections (<see cref="ChromaVectorIndexOptions.SearchEf"/>).</summary>
    public int SearchEf { get; set; } = ChromaVectorIndexOptions.DefaultSearchEf;

    /// <summary>The server root named by the connection string ("Endpoint=http://host:port", or the bare URL).</summary>
    public Uri Endpoint()
    {
        var connectionString = ConnectionString ?? "";
        var value = connectionString.StartsWith("Endpoint=", StringComparison.OrdinalIgnoreCase)
            ? connectionString["Endpoint=".Length..].Split(';')[0]
            : connectionString;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"'{connectionString}' is not an endpoint URL.");
    }
}
