using AgentPlatform.Validation;
using System.ComponentModel;
using AgentPlatform.Client;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using ModelContextProtocol.Server;

namespace AgentPlatform.McpServer.Tools;

[McpServerToolType]
public sealed class SessionTools(AgentPlatformClient platform)
{
    [McpServerTool(Name = "start_session", Title = "Start a session", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Starts a session (one conversation or task) of an agent, optionally with a user. Returns its id for remember, " +
                 "log_interaction, get_conversation and end_session.")]
    public Task<SessionResponse> StartSessionAsync(
        [Description("The agent's id (up to 128 characters).")] string agentId,
        [Description("The user the session is with.")] string? userId = null,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        args.Id("agentId", agentId, required: true);
        args.Id("userId", userId, required: false);
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.Sessions.StartAsync(new CreateSessionRequest(agentId, userId), cancellationToken));
    }

    [McpServerTool(Name = "end_session", Title = "End a session", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Ends an active session as completed (default) or abandoned. An ended session takes no more interactions; " +
                 "its conversation stays searchable.")]
    public Task<SessionResponse> EndSessionAsync(
        [Description("The session's id.")] string sessionId,
        [Description("completed (default) or abandoned.")] string? status = null,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        var id = args.Guid("sessionId", sessionId, required: true);
        var parsed = args.Enum<SessionStatus>("status", status) ?? SessionStatus.Completed;
        if (parsed == SessionStatus.Active) args.Add("status", "status must be completed or abandoned.");
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.Sessions.EndAsync(id!.Value, parsed, cancellationToken));
    }

    [McpServerTool(Name = "log_interaction", Title = "Log an interaction", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Logs one step of an active session for analytics: a query, response, toolCall, observation, error or feedback, " +
                 "with its input, output, intent, how long it took and whether it succeeded. agent_analytics reports on them.")]
    public Task<InteractionResponse> LogInteractionAsync(
        [Description("The session's id.")] string sessionId,
        [Description("query, response, toolCall, observation, error or feedback.")] string type,
        [Description("What came in (the question, the tool call's arguments...).")] string input,
        [Description("What came out.")] string? output = null,
        [Description("A short label of the purpose, e.g. 'billing'; analytics ranks them.")] string? intent = null,
        [Description("How long the step took, in milliseconds.")] int processingTimeMs = 0,
        [Description("Whether the step succeeded (default true); agent_analytics reports the success rate.")] bool? success = null,
        [Description("What went wrong, only with success false (up to 4,000 characters).")] string? errorMessage = null,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        var id = args.Guid("sessionId", sessionId, required: true);
        var parsed = args.Required<InteractionType>("type", type);
        args.Id("intent", intent, required: false);
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.Sessions.LogInteractionAsync(id!.Value,
            new InteractionRequest(parsed, input, output, intent, processingTimeMs, Success: success, ErrorMessage: errorMessage), cancellationToken));
    }

    [McpServerTool(Name = "get_conversation", Title = "Get a conversation", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads a session's messages, newest first, one page at a time. For older messages pass the page's nextBefore " +
                 "as before; nextBefore is null on the last page.")]
    public Task<MessagePage> GetConversationAsync(
        [Description("The session's id.")] string sessionId,
        [Description("The nextBefore of the previous page; leave out for the newest messages.")] string? before = null,
        [Description("Messages per page, 1 to 500 (default 20).")] int limit = 20,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        var id = args.Guid("sessionId", sessionId, required: true);
        var cursor = args.Guid("before", before, required: false);
        args.Range("limit", limit, 1, PageRequest.MaxLimit);
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.Conversations.GetPageAsync(id!.Value, cursor, limit, cancellationToken));
    }
}
