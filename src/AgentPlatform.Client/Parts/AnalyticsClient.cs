using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Per-agent and per-tenant figures over the last N UTC days (Analytics.Api).</summary>
public sealed class AnalyticsClient
{
    public const int DefaultDays = 7;

    private readonly PlatformHttp _http;

    internal AnalyticsClient(PlatformHttp http) => _http = http;

    public Task<AnalyticsReport> ForAgentAsync(string agentId, int days = DefaultDays, CancellationToken ct = default) =>
        _http.SendAsync<AnalyticsReport>(HttpMethod.Get, $"/v1/agents/{Paging.Segment(agentId)}/analytics" + Paging.Query(("days", days)), null, ct);

    /// <summary>The whole tenant, with its most active agents.</summary>
    public Task<AnalyticsReport> OverviewAsync(int days = DefaultDays, CancellationToken ct = default) =>
        _http.SendAsync<AnalyticsReport>(HttpMethod.Get, "/v1/analytics/overview" + Paging.Query(("days", days)), null, ct);
}
