namespace AgentPlatform.Tests.Hosts;

internal static class TestData
{
    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Over a million UTF-16 characters of mixed scripts, emoji (surrogate pairs) included, never cut in half.</summary>
    public static readonly string LargeUnicode = string.Concat(Enumerable.Repeat("Grüße, 世界! 🚀 Ωμέγα ", 1024 * 1024 / 20 + 1));
}
