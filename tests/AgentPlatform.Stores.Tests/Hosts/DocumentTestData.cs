using System.Text.Json.Nodes;

namespace AgentPlatform.Tests.Hosts;

/// <summary>Data shared by the document-store conformance suites.</summary>
internal static class DocumentTestData
{
    public const string Unicode = "Grüße 数据 🚀";

    /// <summary>A fixed, millisecond-aligned instant: BSON dates hold milliseconds, so every backend round-trips it exactly.</summary>
    public static readonly DateTimeOffset BaseTime = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    /// <summary>A fresh tenant per test keeps tests independent even when they share one database.</summary>
    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..16];

    public static DateTimeOffset At(int minutes) => BaseTime.AddMinutes(minutes);

    /// <summary>About one million characters (well over 1 MB as UTF-8), mixing scripts.</summary>
    public static string LargeText()
    {
        const string piece = "Grüße 数据 🚀 lorem ipsum dolor sit amet, ";
        return string.Concat(Enumerable.Repeat(piece, 1_048_576 / piece.Length + 1));
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Stores may reformat JSON (MongoDB keeps it as BSON), so JSON is compared by value.</summary>
    public static void AssertSameJson(string? expected, string? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.Equal(expected, actual);
            return;
        }
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected JSON {expected} but got {actual}.");
    }
}
