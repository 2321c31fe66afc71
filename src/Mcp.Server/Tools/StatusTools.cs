using AgentPlatform.Validation;
using System.ComponentModel;
using AgentPlatform.Client;
using AgentPlatform.Contracts;
using ModelContextProtocol.Server;

namespace AgentPlatform.McpServer.Tools;

[McpServerToolType]
public sealed class StatusTools(AgentPlatformClient platform)
{
    public const int MaxDays = 365;

    [McpServerTool(Name = "agent_analytics", Title = "Agent analytics", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reports on an agent (or, without agentId, the whole tenant with its most active agents) over the last days: " +
                 "sessions, interactions by type, success of the steps, processing time (average, p50, p95), a daily histogram, " +
                 "top intents, messages and knowledge growth.")]
    public Task<AnalyticsReport> AgentAnalyticsAsync(
        [Description("The agent's id; leave out for the whole tenant.")] string? agentId = null,
        [Description("How many UTC days back, 1 to 365 (default 7).")] int days = AnalyticsClient.DefaultDays,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        args.Id("agentId", agentId, required: false);
        args.Range("days", days, 1, MaxDays);
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => agentId is null
            ? platform.Analytics.OverviewAsync(days, cancellationToken)
            : platform.Analytics.ForAgentAsync(agentId, days, cancellationToken));
    }

    [McpServerTool(Name = "ingestion_status", Title = "Ingestion status", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Says how far indexing of the knowledge base has come: entries pending, indexed, failed and being deleted, " +
                 "the current rate and the estimated seconds until everything added is searchable.")]
    public Task<IngestionStatus> IngestionStatusAsync(CancellationToken cancellationToken = default) =>
        ToolCall.RunAsync(() => platform.Ingestion.StatusAsync(cancellationToken));
}
