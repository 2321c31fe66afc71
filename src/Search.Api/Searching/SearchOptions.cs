using AgentPlatform.Search;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Search:* configuration, validated at start: a wrong value stops the process with a message naming the key
/// (it would otherwise surface as a failed search).</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>Per-engine time limit; a slower engine is reported in warnings and the others' hits are returned.</summary>
    public TimeSpan EngineTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public int RrfK { get; set; } = ReciprocalRankFusion.DefaultK;
    public double SemanticWeight { get; set; } = 1.0;
    public double FullTextWeight { get; set; } = 1.0;
    /// <summary>Weight of the document store's text search in hybrid fusion (in by default: with it hybrid ranks SciFact
    /// better, see README); 0 leaves it out of hybrid, where it still answers mode structured.</summary>
    public double StructuredWeight { get; set; } = 1.0;
    /// <summary>Candidates per engine = max(limit x factor, minimum): fusion needs more than the final limit.</summary>
    public int CandidateFactor { get; set; } = 5;
    public int MinimumCandidates { get; set; } = 50;
    /// <summary>Query embeddings kept for repeated queries (per tenant and text); 0 turns the cache off.</summary>
    public int QueryEmbeddingCacheSize { get; set; } = 1024;
}
