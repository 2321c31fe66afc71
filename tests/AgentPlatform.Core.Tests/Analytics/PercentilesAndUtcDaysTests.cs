using AgentPlatform.Analytics;

namespace AgentPlatform.Tests.Analytics;

public sealed class PercentilesAndUtcDaysTests
{
    [Theory]
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 30, 20)]   // rank ceil(1.5) = 2
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 40, 20)]   // rank ceil(2.0) = 2: an exact rank is not rounded up
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 50, 35)]   // rank ceil(2.5) = 3
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 100, 50)]
    [InlineData(new[] { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 }, 25, 7)]
    [InlineData(new[] { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 }, 50, 8)]
    [InlineData(new[] { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 }, 95, 20)]
    [InlineData(new[] { 42 }, 1, 42)]
    public void Nearest_rank_picks_the_observed_value_at_rank_ceil_p_n_over_100(int[] ascending, int percent, int expected) =>
        Assert.Equal(expected, Percentiles.NearestRank(ascending, percent));

    [Fact]
    public void Rank_arithmetic_is_exact_where_floating_point_is_not()
    {
        // 0.95 × 1000 is 949.999… in binary floating point; the rank must still be 950 (value 950).
        var values = Enumerable.Range(1, 1000).ToList();
        Assert.Equal(950, Percentiles.NearestRank(values, 95));
        Assert.Equal(500, Percentiles.NearestRank(values, 50));
    }

    [Fact]
    public void No_values_have_no_percentile_and_the_percent_must_be_1_to_100()
    {
        Assert.Null(Percentiles.NearestRank([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1], 101));
    }

    [Fact]
    public void The_last_n_days_end_at_the_coming_utc_midnight()
    {
        var now = new DateTimeOffset(2025, 3, 10, 1, 30, 0, TimeSpan.FromHours(5)); // 9 March, 20:30 UTC

        var (from, to) = UtcDays.LastDays(7, now);

        Assert.Equal(new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero), from);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero), to);
        Assert.Equal(7, UtcDays.Between(from, to).Count);
        Assert.Equal([new DateOnly(2025, 3, 9)], UtcDays.Between(from.AddDays(6), to));
        Assert.Equal([new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 4)], UtcDays.Between(from.AddHours(23), from.AddHours(25)));
        Assert.Empty(UtcDays.Between(to, to));
        Assert.Throws<ArgumentOutOfRangeException>(() => UtcDays.LastDays(0, now));
    }
}
