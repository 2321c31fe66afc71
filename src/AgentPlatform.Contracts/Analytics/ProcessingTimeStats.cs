namespace AgentPlatform.Contracts;

/// <summary>Processing time of the window's interactions. Percentiles use the nearest-rank method
/// (the value at rank ⌈p·n/100⌉ of the sorted times); every figure is null when there were no interactions.</summary>
public sealed record ProcessingTimeStats(long Count, double? AverageMs, int? P50Ms, int? P95Ms);
