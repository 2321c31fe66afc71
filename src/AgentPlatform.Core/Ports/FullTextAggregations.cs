namespace AgentPlatform.Ports;

public sealed record FullTextAggregations(
    long Count,
    IReadOnlyList<DateBucket> DateHistogram,
    double? ValueAverage,
    IReadOnlyDictionary<double, double> ValuePercentiles,
    IReadOnlyList<TermBucket> TopTerms);
