using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Search:Memory:* configuration, validated at start: a wrong value stops the process naming the key. The engine
/// weights, fusion, time limit and candidate depth are Search:* (<see cref="SearchOptions"/>), shared with knowledge search.</summary>
public sealed class MemorySearchOptions
{
    public const string SectionName = "Search:Memory";

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
}
