namespace AgentPlatform.Storage.Documents.Mongo;

internal static class MongoTime
{
    /// <summary>BSON dates hold milliseconds; truncating before writing keeps returned and stored values equal.</summary>
    public static DateTime ToStored(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    public static DateTimeOffset FromStored(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
