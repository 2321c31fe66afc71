using AgentPlatform.Validation;
using System.ComponentModel;
using System.Text.Json;
using AgentPlatform.Client;
using AgentPlatform.Contracts;
using ModelContextProtocol.Server;

namespace AgentPlatform.McpServer.Tools;

[McpServerToolType]
public sealed class AgentStateTools(AgentPlatformClient platform)
{
    [McpServerTool(Name = "get_agent_state", Title = "Get agent state", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads an agent's saved state of one type (e.g. 'plan', 'preferences'): its data and its version. Pass the " +
                 "version to set_agent_state as expectedVersion to change it.")]
    public Task<AgentStateResponse> GetAgentStateAsync(
        [Description("The agent's id.")] string agentId,
        [Description("Which state, e.g. 'plan'.")] string stateType,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        args.Id("agentId", agentId, required: true);
        args.Id("stateType", stateType, required: true);
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.AgentState.GetAsync(agentId, stateType, cancellationToken));
    }

    [McpServerTool(Name = "set_agent_state", Title = "Set agent state", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Saves an agent's state of one type as a JSON object, keeping earlier versions. To create it, leave out " +
                 "expectedVersion. To replace it, pass the version get_agent_state (or the last set_agent_state) returned: if the " +
                 "state changed since, the write is refused (version mismatch); read it again, merge, and retry.")]
    public Task<AgentStateResponse> SetAgentStateAsync(
        [Description("The agent's id.")] string agentId,
        [Description("Which state, e.g. 'plan'.")] string stateType,
        [Description("The state: a JSON object (up to 1 MiB).")] JsonElement data,
        [Description("The version being replaced; leave out to create the state.")] long? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        args.Id("agentId", agentId, required: true);
        args.Id("stateType", stateType, required: true);
        if (data.ValueKind != JsonValueKind.Object) args.Add("data", "data must be a JSON object.");
        if (expectedVersion < 1) args.Add("expectedVersion", "expectedVersion must be a version returned by get_agent_state (1 or more).");
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.AgentState.PutAsync(agentId, stateType, data, expectedVersion, cancellationToken));
    }
}
