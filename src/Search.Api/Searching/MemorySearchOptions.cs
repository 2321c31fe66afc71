using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Search:Memory:* configuration, validated at start: a wrong value stops the process naming the key. Fusion,
/// time limit and candidate depth are Search:* (<see cref="SearchOptions"/>), shared with knowledge search.</summary>
public sealed class MemorySearchOptions : IValidatableObject
{
    public const string SectionName = "Search:Memory";

    [Range(0, double.MaxValue, ErrorMessage = "Search:Memory:SemanticWeight must be 0 or more.")]
    public double SemanticWeight { get; set; } = 1.0;

    /// <summary>Full text weighs more in memory than in knowledge search: turns are short and name people, places and
    /// things, which BM25 matches as written and a small embedding model blurs. On LoCoMo's development split full text
    /// alone recalls more than semantic search alone, and every weight from 1.25 to 2 ranked hybrid above equal
    /// weights (bench memory, README); 1.5 is the middle of that range.</summary>
    [Range(0, double.MaxValue, ErrorMessage = "Search:Memory:FullTextWeight must be 0 or more.")]
    public double FullTextWeight { get; set; } = 1.5;

    /// <summary>Share of a strong hit's score that the turns right before and after it in its session gain
    /// (<see cref="AgentPlatform.Search.NeighbourBoost"/>); 0 turns the boost off. Half by default: a neighbour of a
    /// match counts for half a match.</summary>
    [Range(0.0, 1.0)]
    public double NeighbourWeight { get; set; } = 0.5;

    /// <summary>How many turns on each side of a strong hit the boost reaches: an answer is often a turn or two after
    /// the question it answers. Two by default (bench memory on LoCoMo's development split: one reached less).</summary>
    [Range(1, 10)]
    public int NeighbourTurns { get; set; } = 2;

    /// <summary>Whether full text leaves out the query's question words (<see cref="AgentPlatform.Search.QuestionWords"/>):
    /// agents recall memory with questions, and those words match the turns that ask rather than the ones that answer.
    /// The query is embedded as it is.</summary>
    public bool IgnoreQuestionWords { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SemanticWeight + FullTextWeight <= 0)
            yield return new ValidationResult("Search:Memory:SemanticWeight and Search:Memory:FullTextWeight must not both be 0 (hybrid would fuse nothing).",
                [nameof(SemanticWeight), nameof(FullTextWeight)]);
    }
}
