using AgentPlatform.Search;

namespace AgentPlatform.Tests.Memory;

public sealed class MemoryFusionTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    private static IReadOnlyList<EngineHit<string>> List(params (Guid Id, double Score)[] hits) =>
        [.. hits.Select(h => new EngineHit<string>(h.Id, h.Score, h.Id.ToString()))];

    [Fact]
    public void A_clear_winner_of_one_engine_beats_an_entry_both_engines_rank_second()
    {
        // Each engine's first is far ahead of the rest; B is second in both. Rank fusion puts B first; score fusion
        // keeps how far ahead A and C are.
        var lists = new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            ["semantic"] = List((A, 0.61), (B, 0.30), (D, 0.20)),
            ["fulltext"] = List((C, 20.0), (B, 2.0), (D, 1.0)),
        };

        var byScore = MinMaxFusion.Fuse(lists);
        var byRank = ReciprocalRankFusion.Fuse(lists);

        Assert.Equal(B, byRank[0].EntryId);
        Assert.Equal([A, C, B, D], byScore.Select(f => f.EntryId));
        var scores = byScore.ToDictionary(f => f.EntryId, f => f.Score);
        // Each engine mapped onto 0-1 over its own list, then averaged; 0 from an engine that missed the entry.
        Assert.Equal(0.5, scores[A], 9);
        Assert.Equal(0.5, scores[C], 9);
        Assert.Equal(0.5 * (0.10 / 0.41) + 0.5 * (1.0 / 19.0), scores[B], 9);
        Assert.Equal(0.0, scores[D], 9);
        Assert.Equal(scores[B], byScore[2].NormalizedScore, 9);
    }

    [Fact]
    public void Weights_are_a_convex_combination_and_a_zero_weight_leaves_an_engine_out()
    {
        var lists = new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            ["semantic"] = List((A, 0.9), (B, 0.1)),
            ["fulltext"] = List((B, 8.0), (A, 4.0)),
        };

        var semanticHeavy = MinMaxFusion.Fuse(lists, new Dictionary<string, double> { ["semantic"] = 3, ["fulltext"] = 1 });
        var fullTextOnly = MinMaxFusion.Fuse(lists, new Dictionary<string, double> { ["semantic"] = 0 });

        Assert.Equal([A, B], semanticHeavy.Select(f => f.EntryId));
        Assert.Equal(0.75, semanticHeavy[0].Score, 9);
        Assert.Equal(0.25, semanticHeavy[1].Score, 9);
        Assert.Equal([B, A], fullTextOnly.Select(f => f.EntryId));
        Assert.Equal(1.0, fullTextOnly[0].NormalizedScore, 9);
        Assert.All(fullTextOnly, f => Assert.Equal("fulltext", Assert.Single(f.Contributions).Engine));
    }

    [Fact]
    public void Many_chunks_of_one_message_count_once_and_a_list_of_equal_scores_gives_each_full_credit()
    {
        var fused = MinMaxFusion.Fuse(new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            // A's second chunk would otherwise be the list's minimum and stretch the scale.
            ["semantic"] = List((A, 0.8), (B, 0.4), (A, 0.1)),
            ["fulltext"] = List((C, 3.0), (D, 3.0)),
        }, limit: 3);

        Assert.Equal(3, fused.Count);
        var a = fused.Single(f => f.EntryId == A);
        Assert.Equal(0.5, a.Score, 9);
        Assert.Equal(1, Assert.Single(a.Contributions).Rank);
        Assert.DoesNotContain(fused, f => f.EntryId == B);
        Assert.Equal(0.5, fused.Single(f => f.EntryId == C).Score, 9);
        Assert.Equal(2, fused.Single(f => f.EntryId == D).Contributions.Single().Rank);
    }
}
