namespace AgentPlatform.Search;

/// <summary>A fused hit after the neighbour boost: its score (0-1), the boost it got and the rank of the hit that gave it.</summary>
public sealed record BoostedHit<T>(FusedHit<T> Hit, double Score, double Boost, int? BoostedByRank);
