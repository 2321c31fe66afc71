using System.Globalization;

namespace AgentPlatform.Bench;

/// <summary>Numbers for tables, culture-invariant.</summary>
internal static class Format
{
    public static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>"n/a" for a missing value.</summary>
    public static string F(double? value, int decimals) => value is { } v ? F(v, decimals) : "n/a";

    public static string F(long value) => value.ToString(CultureInfo.InvariantCulture);
}
