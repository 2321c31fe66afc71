namespace AgentPlatform.Search;

/// <summary>Weighted reciprocal rank fusion: score = Σ weight_e / (k + rank_e). Raw scores of different engines
/// (cosine similarity, BM25) are never compared with each other; only ranks are. Each engine's list is first reduced
/// to one hit per entry (its best), so an entry with many matching chunks counts once.</summary>
public static class ReciprocalRankFusion
{
    public const int DefaultK = 60;

    public static IReadOnlyList<FusedHit<T>> Fuse<T>(
        IReadOnlyDictionary<string, IReadOnlyList<EngineHit<T>>> rankedLists,
        IReadOnlyDictionary<string, double>? weights = null,
        int k = DefaultK,
        int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var scores = new Dictionary<Guid, (double Score, List<EngineContribution> Contributions, Dictionary<string, T> Payloads, int FirstSeen)>();
        var maxScore = 0.0;
        var order = 0;
        foreach (var (engine, hits) in rankedLists)
        {
            var weight = weights is not null && weights.TryGetValue(engine, out var w) ? w : 1.0;
            if (weight <= 0) continue;
            maxScore += weight / (k + 1);
            var rank = 0;
            var seen = new HashSet<Guid>();
            foreach (var hit in hits)
            {
                if (!seen.Add(hit.EntryId)) continue;
                rank++;
                if (!scores.TryGetValue(hit.EntryId, out var state))
                    state = (0, [], [], order++);
                state.Contributions.Add(new EngineContribution(engine, rank, hit.RawScore));
                state.Payloads[engine] = hit.Payload;
                scores[hit.EntryId] = (state.Score + weight / (k + rank), state.Contributions, state.Payloads, state.FirstSeen);
            }
        }
        return scores
            .OrderByDescending(s => s.Value.Score)
            .ThenBy(s => s.Value.Contributions.Min(c => c.Rank))
            .ThenBy(s => s.Value.FirstSeen)
            .Take(limit)
            .Select(s => new FusedHit<T>(s.Key, s.Value.Score, maxScore > 0 ? s.Value.Score / maxScore : 0, s.Value.Contributions, s.Value.Payloads))
            .ToList();
    }
}
