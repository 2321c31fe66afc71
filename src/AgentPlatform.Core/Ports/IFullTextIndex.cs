namespace AgentPlatform.Ports;

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
