using AgentPlatform.Search;

namespace AgentPlatform.Tests.Memory;

public sealed class NeighbourBoostTests
{
    private static readonly Guid Strong = Guid.NewGuid(), Stranger = Guid.NewGuid(), Answer = Guid.NewGuid(), Weak = Guid.NewGuid(), Unfound = Guid.NewGuid();

    private static FusedHit<string> Hit(Guid id, double score) => new(id, score, score, [new EngineContribution("fulltext", 1, score)], new Dictionary<string, string>());

    private static readonly IReadOnlyList<FusedHit<string>> Fused = [Hit(Strong, 0.9), Hit(Stranger, 0.5), Hit(Answer, 0.4), Hit(Weak, 0.1)];

    private static IReadOnlyList<Neighbour<string>> Near(params Guid[] ids) => [.. ids.Select(id => new Neighbour<string>(id, $"turn {id}"))];

    [Fact]
    public void The_turn_next_to_a_strong_hit_overtakes_an_equally_matching_stranger()
    {
        var boosted = NeighbourBoost.Apply(Fused, new Dictionary<Guid, IReadOnlyList<Neighbour<string>>> { [Strong] = Near(Answer) }, 0.5);

        Assert.Equal([Strong, Answer, Stranger, Weak], boosted.Select(b => b.Hit.EntryId));
        var answer = boosted[1];
        Assert.Equal((0.85, 0.45, 1), (Math.Round(answer.Score, 9), Math.Round(answer.Boost, 9), answer.BoostedByRank));
        Assert.Equal((0.9, 0.0, (int?)null), (boosted[0].Score, boosted[0].Boost, boosted[0].BoostedByRank));
        // A boosted candidate keeps what its engines found.
        Assert.Equal(Fused[2].Contributions, answer.Hit.Contributions);
    }

    [Fact]
    public void A_neighbour_no_engine_found_is_brought_in_at_the_lift_alone_with_its_payload()
    {
        var boosted = NeighbourBoost.Apply(Fused, new Dictionary<Guid, IReadOnlyList<Neighbour<string>>> { [Strong] = Near(Unfound) }, 0.5);

        // 0 + 0.5 × 0.9 = 0.45: below the stranger (0.5), above the answer (0.4).
        Assert.Equal([Strong, Stranger, Unfound, Answer, Weak], boosted.Select(b => b.Hit.EntryId));
        var brought = boosted[2];
        Assert.Equal((0.45, 0.45, 1), (Math.Round(brought.Score, 9), Math.Round(brought.Boost, 9), brought.BoostedByRank));
        Assert.Empty(brought.Hit.Contributions);
        Assert.Equal($"turn {Unfound}", brought.Hit.Payloads[NeighbourBoost.PayloadKey]);
    }

    [Fact]
    public void A_neighbour_never_rises_above_the_hit_that_lifted_it_and_takes_its_largest_lift()
    {
        var neighbours = new Dictionary<Guid, IReadOnlyList<Neighbour<string>>> { [Stranger] = Near(Weak), [Strong] = Near(Weak), [Answer] = Near(Strong) };

        var boosted = NeighbourBoost.Apply(Fused, neighbours, 1.0, limit: 3);

        // Weak: 0.1 + 0.9 would pass Strong, so it stops at Strong's score, after it; Strong gains nothing from Answer.
        Assert.Equal([Strong, Weak, Stranger], boosted.Select(b => b.Hit.EntryId));
        Assert.Equal((0.9, 1), (boosted[1].Score, boosted[1].BoostedByRank));
        Assert.Null(boosted[0].BoostedByRank);
    }

    [Fact]
    public void A_zero_weight_keeps_the_fused_order_and_scores_and_brings_nothing_in()
    {
        var boosted = NeighbourBoost.Apply(Fused, new Dictionary<Guid, IReadOnlyList<Neighbour<string>>> { [Strong] = Near(Answer, Unfound) }, 0);

        Assert.Equal(Fused.Select(f => (f.EntryId, f.NormalizedScore)), boosted.Select(b => (b.Hit.EntryId, b.Score)));
        Assert.All(boosted, b => Assert.Null(b.BoostedByRank));
    }
}
