namespace AgentPlatform.SearchApi.Searching;

/// <summary>How hybrid search fuses its engines' lists (Search:Fusion), for knowledge and for conversation memory alike.</summary>
public enum FusionMethod
{
    /// <summary>Convex combination of min-max normalised scores (<see cref="AgentPlatform.Search.MinMaxFusion"/>).</summary>
    MinMax,
    /// <summary>Weighted reciprocal rank fusion with Search:RrfK (<see cref="AgentPlatform.Search.ReciprocalRankFusion"/>).</summary>
    ReciprocalRank,
}
