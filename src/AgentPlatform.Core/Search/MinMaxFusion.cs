namespace AgentPlatform.Search;

/// <summary>Score fusion by a convex combination of min-max normalised scores: each engine's raw scores are mapped onto
/// 0-1 over its own list ((s − min) / (max − min); a list whose hits all score alike gives each 1), and an entry's score
/// is Σ weight_e · normalised_e / Σ weight_e, 0 from an engine that did not find it. This is OpenSearch's hybrid default
/// (min_max normalisation, arithmetic mean); unlike <see cref="ReciprocalRankFusion"/> it keeps how far apart an
/// engine's hits are, so a clear winner of one engine is not levelled with its runner-up (Bruch et al., "An Analysis of
/// Fusion Functions for Hybrid Retrieval", TOIS 2023). Like it, each list is first reduced to one hit per entry (its
/// best) and contributions carry 1-based ranks.</summary>
public static class MinMaxFusion
{
    public static IReadOnlyList<FusedHit<T>> Fuse<T>(
        IReadOnlyDictionary<string, IReadOnlyList<EngineHit<T>>> rankedLists,
        IReadOnlyDictionary<string, double>? weights = null,
        int limit = int.MaxValue)
    {
        var used = rankedLists
            .Select(l => (Engine: l.Key, Hits: l.Value, Weight: weights is not null && weights.TryGetValue(l.Key, out var w) ? w : 1.0))
            .Where(l => l.Weight > 0)
            .ToList();
        var totalWeight = used.Sum(l => l.Weight);
        var scores = new Dictionary<Guid, (double Score, List<EngineContribution> Contributions, Dictionary<string, T> Payloads, int FirstSeen)>();
        var order = 0;
        foreach (var (engine, hits, weight) in used)
        {
            var best = hits.DistinctBy(h => h.EntryId).ToList();
            if (best.Count == 0) continue;
            double min = best.Min(h => h.RawScore), max = best.Max(h => h.RawScore);
            for (var i = 0; i < best.Count; i++)
            {
                var hit = best[i];
                var normalised = max > min ? (hit.RawScore - min) / (max - min) : 1.0;
                if (!scores.TryGetValue(hit.EntryId, out var state))
                    state = (0, [], [], order++);
                state.Contributions.Add(new EngineContribution(engine, i + 1, hit.RawScore));
                state.Payloads[engine] = hit.Payload;
                scores[hit.EntryId] = (state.Score + weight * normalised / totalWeight, state.Contributions, state.Payloads, state.FirstSeen);
            }
        }
        return scores
            .OrderByDescending(s => s.Value.Score)
            .ThenBy(s => s.Value.Contributions.Min(c => c.Rank))
            .ThenBy(s => s.Value.FirstSeen)
            .Take(limit)
            .Select(s => new FusedHit<T>(s.Key, s.Value.Score, s.Value.Score, s.Value.Contributions, s.Value.Payloads))
            .ToList();
    }
}
