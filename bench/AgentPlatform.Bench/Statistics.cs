namespace AgentPlatform.Bench;

internal static class Statistics
{
    /// <summary>Nearest-rank percentile of an ascending array (fraction 0.95 = p95).</summary>
    public static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
