namespace AgentPlatform.Analytics;

/// <summary>Analytics buckets by UTC calendar day, whatever the offset of the stored instants.</summary>
public static class UtcDays
{
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The UTC days touched by [from, to), oldest first.</summary>
    public static IReadOnlyList<DateOnly> Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            return [];
        var first = Of(from);
        var last = Of(to.AddTicks(-1));
        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
    }

    /// <summary>The last <paramref name="days"/> whole UTC days up to and including today: [midnight of today − (days − 1), midnight of tomorrow).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) LastDays(int days, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var today = Of(now);
        return (Start(today.AddDays(1 - days)), Start(today.AddDays(1)));
    }
}
