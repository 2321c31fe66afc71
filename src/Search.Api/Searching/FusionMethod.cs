namespace AgentPlatform.SearchApi.Searching;

/// <summary>How memory search fuses the semantic and full-text lists of messages (Search:Memory:Fusion).</summary>
public enum MemoryFusion
{
    /// <summary>Convex combination of min-max normalised scores (<see cref="AgentPlatform.Search.MinMaxFusion"/>).</summary>
    MinMax,
    /// <summary>Weighted reciprocal rank fusion with Search:RrfK, as knowledge search.</summary>
    ReciprocalRank,
}
