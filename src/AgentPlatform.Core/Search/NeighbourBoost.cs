namespace AgentPlatform.Search;

/// <summary>Turns near a strong hit in its session are lifted: a turn adjacent to a hit whose neighbours were looked up
/// (the caller looks up the first hits) gains weight × that hit's score, but never rises above that hit (the largest
/// such gain when it neighbours several). In a conversation a fact is often spread over a question and its answer
/// ("where did you go?" / "Lisbon, last May"), so the turn next to a good match is likelier to hold the rest of it than
/// an equally scored stranger, yet it completes the match rather than replaces it; the same idea as passage-score
/// smoothing over neighbouring passages in document retrieval. A neighbour no engine found is brought in too (the answer
/// often shares no word with the question): the caller passes only neighbours that meet the search's filters, with the
/// payload such a hit is shown with (under <see cref="PayloadKey"/>). Scores stay within 0-1.</summary>
public static class NeighbourBoost
{
    /// <summary>The payload key of a hit that only the boost brought in.</summary>
    public const string PayloadKey = "neighbour";

    /// <param name="fused">Every candidate, best first, with scores in 0-1 (<see cref="FusedHit{T}.NormalizedScore"/>).</param>
    /// <param name="neighbours">For each strong hit (by entry id): its nearby turns that meet the search's filters.</param>
    /// <param name="weight">Share of a strong hit's score its neighbours gain; 0 keeps the fused order.</param>
    public static IReadOnlyList<BoostedHit<T>> Apply<T>(IReadOnlyList<FusedHit<T>> fused, IReadOnlyDictionary<Guid, IReadOnlyList<Neighbour<T>>> neighbours,
        double weight, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        var hits = new Dictionary<Guid, FusedHit<T>>(fused.Count);
        foreach (var f in fused) hits.TryAdd(f.EntryId, f);
        var lifted = new Dictionary<Guid, (double Score, int Rank)>();
        var brought = new List<FusedHit<T>>();
        for (var i = 0; i < fused.Count && weight > 0; i++)
        {
            if (!neighbours.TryGetValue(fused[i].EntryId, out var adjacent)) continue;
            var strong = fused[i].NormalizedScore;
            foreach (var n in adjacent)
            {
                if (!hits.TryGetValue(n.Id, out var hit))
                {
                    hit = new FusedHit<T>(n.Id, 0, 0, [], new Dictionary<string, T> { [PayloadKey] = n.Payload });
                    hits[n.Id] = hit;
                    brought.Add(hit);
                }
                var own = hit.NormalizedScore;
                var score = Math.Min(own + weight * strong, strong);
                if (score > own && (!lifted.TryGetValue(n.Id, out var current) || score > current.Score))
                    lifted[n.Id] = (score, i + 1);
            }
        }
        return fused.Concat(brought.Where(b => lifted.ContainsKey(b.EntryId)))
            .Select((f, i) => (Hit: f, Rank: i, Lift: lifted.TryGetValue(f.EntryId, out var l) ? l : ((double Score, int Rank)?)null))
            .OrderByDescending(x => x.Lift?.Score ?? x.Hit.NormalizedScore)
            .ThenBy(x => x.Rank)
            .Take(limit)
            .Select(x => new BoostedHit<T>(x.Hit, x.Lift?.Score ?? x.Hit.NormalizedScore, (x.Lift?.Score ?? x.Hit.NormalizedScore) - x.Hit.NormalizedScore, x.Lift?.Rank))
            .ToList();
    }
}
