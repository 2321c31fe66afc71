using System.ComponentModel.DataAnnotations;
using AgentPlatform.Search;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Search:* configuration, validated at start: a wrong value stops the process with a message naming the key
/// (it would otherwise surface as a failed search).</summary>
public sealed class SearchOptions : IValidatableObject
{
    public const string SectionName = "Search";

    /// <summary>Per-engine time limit; a slower engine is reported in warnings and the others' hits are returned.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Search:EngineTimeout must be longer than zero (and at most a day).")]
    public TimeSpan EngineTimeout { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>MinMax by default: score fusion ranked better than reciprocal rank fusion on both of the platform's
    /// benchmarks (SciFact for knowledge, the LoCoMo development split for memory; bench quality and bench memory,
    /// README), as Bruch et al. (TOIS 2023) found across collections.</summary>
    [EnumDataType(typeof(FusionMethod), ErrorMessage = "Search:Fusion must be MinMax or ReciprocalRank.")]
    public FusionMethod Fusion { get; set; } = FusionMethod.MinMax;
    /// <summary>k of reciprocal rank fusion (Search:Fusion ReciprocalRank, and memory's scope all, which fuses messages
    /// and knowledge entries by rank).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Search:RrfK must be at least 1.")]
    public int RrfK { get; set; } = ReciprocalRankFusion.DefaultK;
    [Range(0, double.MaxValue, ErrorMessage = "Search:SemanticWeight must be 0 or more.")]
    public double SemanticWeight { get; set; } = 1.0;
    [Range(0, double.MaxValue, ErrorMessage = "Search:FullTextWeight must be 0 or more.")]
    public double FullTextWeight { get; set; } = 1.0;
    /// <summary>Weight of the document store's text search in hybrid fusion; 0 (the default) leaves it out of hybrid,
    /// where under score fusion it lowered SciFact's nDCG@10 and doubled the cost of a search (README). It always
    /// answers mode structured.</summary>
    [Range(0, double.MaxValue, ErrorMessage = "Search:StructuredWeight must be 0 or more.")]
    public double StructuredWeight { get; set; }
    /// <summary>Candidates per engine = max(limit x factor, minimum): fusion needs more than the final limit.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Search:CandidateFactor must be at least 1.")]
    public int CandidateFactor { get; set; } = 5;
    [Range(1, int.MaxValue, ErrorMessage = "Search:MinimumCandidates must be at least 1.")]
    public int MinimumCandidates { get; set; } = 50;
    /// <summary>Query embeddings kept for repeated queries (per tenant and text); 0 turns the cache off.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "Search:QueryEmbeddingCacheSize must be 0 (off) or more.")]
    public int QueryEmbeddingCacheSize { get; set; } = 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SemanticWeight + FullTextWeight + StructuredWeight <= 0)
            yield return new ValidationResult("Search:SemanticWeight, Search:FullTextWeight and Search:StructuredWeight must not all be 0 (hybrid would fuse nothing).",
                [nameof(SemanticWeight), nameof(FullTextWeight), nameof(StructuredWeight)]);
    }
}
