namespace AgentPlatform.Ports;

public enum FullTextIndexName { Knowledge, Conversations }

/// <summary>A document in a full-text index. Title is boosted x2 over Content. Value is an optional numeric field for aggregations.</summary>
public sealed record FullTextDocument
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? AgentId { get; init; }
    public string? SessionId { get; init; }
    public string? UserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public double? Value { get; init; }
}

public sealed record SearchFilter
{
    public string? Category { get; init; }
    /// <summary>A hit must carry every listed tag, or at least one of them when <see cref="MatchAnyTag"/> is set.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>False (default): every tag of <see cref="Tags"/> is required. True: any one of them is enough.</summary>
    public bool MatchAnyTag { get; init; }
    public string? AgentId { get; init; }
    public string? SessionId { get; init; }
    public string? UserId { get; init; }
    /// <summary>Time window [From, To): From inclusive, To exclusive, in every adapter.</summary>
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
}

/// <param name="Ids">When set, only these documents (of the tenant) can match: how a caller highlights just the hits it
/// keeps after ranking candidates without highlights.</param>
public sealed record FullTextQuery(string TenantId, string Text, SearchFilter Filter, int Offset = 0, int Limit = 10, bool Fuzzy = true, bool Highlight = true,
    IReadOnlyList<string>? Ids = null)
{
    /// <summary>Most ids one query may name.</summary>
    public const int MaxIds = 1000;
}

public sealed record FullTextHit(FullTextDocument Document, double Score, IReadOnlyList<string> Highlights);

public sealed record FullTextResult(IReadOnlyList<FullTextHit> Hits, long Total);

public enum CalendarInterval { Hour, Day, Week, Month }

/// <summary>Aggregations over one tenant's documents matching a filter.</summary>
public sealed record FullTextAggregationRequest(string TenantId, SearchFilter Filter)
{
    public CalendarInterval? DateHistogram { get; init; }
    /// <summary>Average and these percentiles (e.g. 50, 95) of Value.</summary>
    public IReadOnlyList<double> ValuePercentiles { get; init; } = [];
    public bool ValueAverage { get; init; }
    /// <summary>Top terms of "category", "tags" or "agentId", or the words of "content" (letters only, lower case, English
    /// stop words left out); each bucket counts the documents holding the term.</summary>
    public string? TopTermsField { get; init; }
    public int TopTermsSize { get; init; } = 10;
}

public sealed record DateBucket(DateTimeOffset Start, long Count);
public sealed record TermBucket(string Term, long Count);

public sealed record FullTextAggregations(
    long Count,
    IReadOnlyList<DateBucket> DateHistogram,
    double? ValueAverage,
    IReadOnlyDictionary<double, double> ValuePercentiles,
    IReadOnlyList<TermBucket> TopTerms);

/// <summary>Full-text search port (Elasticsearch or Lucene.NET).</summary>
public interface IFullTextIndex
{
    /// <summary>Creates indices/templates when missing; safe to call repeatedly.</summary>
    Task EnsureCreatedAsync(CancellationToken ct);
    /// <summary>Inserts or replaces by Id (idempotent).</summary>
    Task IndexAsync(FullTextIndexName index, IReadOnlyList<FullTextDocument> documents, CancellationToken ct);
    Task DeleteAsync(FullTextIndexName index, string tenantId, IReadOnlyList<string> ids, CancellationToken ct);
    Task<FullTextResult> SearchAsync(FullTextIndexName index, FullTextQuery query, CancellationToken ct);
    Task<FullTextAggregations> AggregateAsync(FullTextIndexName index, FullTextAggregationRequest request, CancellationToken ct);
}
