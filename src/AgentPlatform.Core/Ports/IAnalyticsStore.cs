
namespace AgentPlatform.Ports;

/// <summary>Aggregations over the system of record (sessions, interactions, knowledge entries). Every backend
/// answers the same query with the same figures.</summary>
public interface IAnalyticsStore
{
    Task<ActivitySummary> SummarizeAsync(AnalyticsQuery query, CancellationToken ct);
}
