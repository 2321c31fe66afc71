namespace AgentPlatform.Ports;

/// <summary>Aggregations over one tenant's documents matching a filter.</summary>
public sealed record FullTextAggregationRequest(string TenantId, SearchFilter Filter)
{
    public CalendarInterval? DateHistogram { get; init; }
    /// <summary>Top terms of "category", "tags" or "agentId", or the words of "content" (letters only, lower case, English
    /// stop words left out); each bucket counts the documents holding the term.</summary>
    public string? TopTermsField { get; init; }
    public int TopTermsSize { get; init; } = 10;
}
