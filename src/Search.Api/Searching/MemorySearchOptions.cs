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
}
