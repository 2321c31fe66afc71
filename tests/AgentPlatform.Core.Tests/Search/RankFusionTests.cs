using AgentPlatform.Search;

namespace AgentPlatform.Tests.Search;

public sealed class RankFusionTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    private static IReadOnlyList<EngineHit<string>> List(params (Guid Id, double Score, string Chunk)[] hits) =>
        hits.Select(h => new EngineHit<string>(h.Id, h.Score, h.Chunk)).ToList();

    [Fact]
    public void Entry_found_by_both_engines_outranks_entries_found_by_one()
    {
        var fused = ReciprocalRankFusion.Fuse(new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            ["vector"] = List((A, 0.9, "a0"), (B, 0.8, "b0")),
            ["fulltext"] = List((C, 12.0, "c"), (B, 7.5, "b")),
        });
        Assert.Equal([B, A, C], fused.Select(f => f.EntryId));
        Assert.Equal(1.0 / 62 + 1.0 / 62, fused[0].Score, 12);
        Assert.Equal(2, fused[0].Contributions.Count);
    }

    [Fact]
    public void Many_chunks_of_one_entry_count_once_at_the_best_rank()
    {
        var fused = ReciprocalRankFusion.Fuse(new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            ["vector"] = List((A, 0.9, "a0"), (A, 0.85, "a1"), (A, 0.8, "a2"), (B, 0.7, "b0")),
        });
        Assert.Equal([A, B], fused.Select(f => f.EntryId));
        Assert.Equal("a0", fused[0].Payloads["vector"]);
        Assert.Equal(2, fused[1].Contributions.Single().Rank);
    }

    [Fact]
    public void Weights_shift_the_order_and_zero_weight_ignores_an_engine()
    {
        var lists = new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            ["vector"] = List((A, 0.9, "a")),
            ["fulltext"] = List((C, 5, "c")),
        };
        Assert.Equal(C, ReciprocalRankFusion.Fuse(lists, new Dictionary<string, double> { ["vector"] = 1, ["fulltext"] = 2 })[0].EntryId);
        Assert.Equal(A, ReciprocalRankFusion.Fuse(lists, new Dictionary<string, double> { ["vector"] = 2, ["fulltext"] = 1 })[0].EntryId);
        var vectorOnly = ReciprocalRankFusion.Fuse(lists, new Dictionary<string, double> { ["fulltext"] = 0 });
        Assert.Equal([A], vectorOnly.Select(f => f.EntryId));
    }

    [Fact]
    public void Normalized_score_is_one_for_first_in_every_engine_and_limit_applies()
    {
        var fused = ReciprocalRankFusion.Fuse(new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            ["vector"] = List((D, 0.9, "d"), (A, 0.5, "a"), (B, 0.4, "b")),
            ["fulltext"] = List((D, 3, "d"), (B, 2, "b")),
        }, limit: 2);
        Assert.Equal(2, fused.Count);
        Assert.Equal(1.0, fused[0].NormalizedScore, 12);
        Assert.True(fused[1].NormalizedScore is > 0 and < 1);
    }

    [Fact]
    public void Raw_scores_never_decide_across_engines()
    {
        // A huge BM25 score at rank 2 must not beat a rank-1 hit with a small cosine similarity.
        var fused = ReciprocalRankFusion.Fuse(new Dictionary<string, IReadOnlyList<EngineHit<string>>>
        {
            ["vector"] = List((A, 0.01, "a")),
            ["fulltext"] = List((C, 900, "c"), (B, 800, "b")),
        });
        Assert.Equal(B, fused[^1].EntryId);
        Assert.Equal(fused[0].Score, fused[1].Score, 12);
    }
}
