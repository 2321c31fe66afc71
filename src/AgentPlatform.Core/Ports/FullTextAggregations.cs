namespace AgentPlatform.Ports;

public sealed record FullTextAggregations(
    long Count,
    IReadOnlyList<DateBucket> DateHistogram,
    IReadOnlyList<TermBucket> TopTerms);
