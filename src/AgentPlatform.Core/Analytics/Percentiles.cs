namespace AgentPlatform.Analytics;

/// <summary>The one percentile definition of the platform, so every store and report agrees on the figures.</summary>
public static class Percentiles
{
    /// <summary>Nearest-rank percentile of values sorted ascending: the value at 1-based rank ceil(percent × n / 100),
    /// always an observed value. Computed in integers, so no rounding can move the rank. Null for no values.</summary>
    public static int? NearestRank(IReadOnlyList<int> ascending, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (ascending.Count == 0)
            return null;
        var rank = (int)(((long)percent * ascending.Count + 99) / 100);
        return ascending[rank - 1];
    }
}
