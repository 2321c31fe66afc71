namespace AgentPlatform.Validation;

/// <summary>Times a caller may give a record (an imported session or message): in the past, and not before 1970, so
/// time filters and analytics stay true.</summary>
public static class TimeRules
{
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>Adds an error under <paramref name="field"/> when the time is given and outside [1970, now].</summary>
    public static void ValidatePast(Dictionary<string, string[]> errors, string field, DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } at) return;
        if (at > now) errors[field] = [$"{field} {at:O} is in the future; the latest accepted time is now ({now:O})."];
        else if (at < Earliest) errors[field] = [$"{field} {at:O} is before 1970-01-01T00:00:00Z, the earliest accepted time."];
    }
}
