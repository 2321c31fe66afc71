namespace AgentPlatform.Bench;

/// <summary>One query's scores.</summary>
internal sealed record QueryScores(double Ndcg10, double Recall100, double Mrr10);

/// <summary>
/// The standard definitions, as trec_eval / pytrec_eval compute them for BEIR: nDCG@10 with the graded relevance from the
/// qrels as gain and a log2(rank + 1) discount, normalised by the ideal ordering of all judged documents; Recall@100 as the
/// share of relevant (grade &gt; 0) documents found in the first 100; MRR@10 as 1/rank of the first relevant document in
/// the first 10 (0 when none).
/// </summary>
internal static class RetrievalMetrics
{
    public static QueryScores Score(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judged)
    {
        // A document counts once, at its best rank.
        string[] ranked = [.. ranking.Distinct(StringComparer.Ordinal)];
        int Grade(string id) => judged.TryGetValue(id, out int grade) ? Math.Max(grade, 0) : 0;

        double dcg = Dcg(ranked.Take(10).Select(Grade));
        double idealDcg = Dcg(judged.Values.Where(g => g > 0).OrderDescending().Take(10));
        int relevant = judged.Values.Count(g => g > 0);
        int found = ranked.Take(100).Count(id => Grade(id) > 0);
        int firstRelevant = Array.FindIndex(ranked, 0, Math.Min(10, ranked.Length), id => Grade(id) > 0);

        return new QueryScores(
            idealDcg > 0 ? dcg / idealDcg : 0,
            relevant > 0 ? (double)found / relevant : 0,
            firstRelevant >= 0 ? 1.0 / (firstRelevant + 1) : 0);
    }

    /// <summary>Σ gain / log2(rank + 1), ranks from 1.</summary>
    private static double Dcg(IEnumerable<int> gains) => gains.Select((gain, i) => gain / Math.Log2(i + 2)).Sum();
}
