namespace AgentPlatform.Search;

/// <summary>Turns right before and after a strong hit in its session are lifted: a candidate adjacent to a hit whose
/// neighbours were looked up (the caller looks up the first hits) gains weight × that hit's score, but never rises
/// above that hit (the largest such gain when it neighbours several). In a conversation a fact is often spread over a
/// question and its answer ("where did you go?" / "Lisbon, last May"), so the turn next to a good match is likelier to
/// hold the rest of it than an equally scored stranger, yet it completes the match rather than replaces it; the same
/// idea as passage-score smoothing over neighbouring passages in document retrieval. Only candidates an engine found are
/// lifted, so every filter the engines applied still holds, and scores stay within 0-1.</summary>
public static class NeighbourBoost
{
    /// <param name="fused">Every candidate, best first, with scores in 0-1 (<see cref="FusedHit{T}.NormalizedScore"/>).</param>
    /// <param name="neighbours">For each strong hit (by entry id): the entry ids of its adjacent turns.</param>
    /// <param name="weight">Share of a strong hit's score its neighbours gain; 0 keeps the fused order.</param>
    public static IReadOnlyList<BoostedHit<T>> Apply<T>(IReadOnlyList<FusedHit<T>> fused, IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> neighbours,
        double weight, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        var scoreOf = new Dictionary<Guid, double>(fused.Count);
        foreach (var f in fused) scoreOf.TryAdd(f.EntryId, f.NormalizedScore);
        var lifted = new Dictionary<Guid, (double Score, int Rank)>();
        for (var i = 0; i < fused.Count; i++)
        {
            if (!neighbours.TryGetValue(fused[i].EntryId, out var adjacent)) continue;
            var strong = fused[i].NormalizedScore;
            foreach (var id in adjacent)
            {
                if (!scoreOf.TryGetValue(id, out var own)) continue;
                var score = Math.Min(own + weight * strong, strong);
                if (score > own && (!lifted.TryGetValue(id, out var current) || score > current.Score))
                    lifted[id] = (score, i + 1);
            }
        }
        return fused
            .Select((f, i) => (Hit: f, Rank: i, Lift: lifted.TryGetValue(f.EntryId, out var l) ? l : ((double Score, int Rank)?)null))
            .OrderByDescending(x => x.Lift?.Score ?? x.Hit.NormalizedScore)
            .ThenBy(x => x.Rank)
            .Take(limit)
            .Select(x => new BoostedHit<T>(x.Hit, x.Lift?.Score ?? x.Hit.NormalizedScore, (x.Lift?.Score ?? x.Hit.NormalizedScore) - x.Hit.NormalizedScore, x.Lift?.Rank))
            .ToList();
    }
}
