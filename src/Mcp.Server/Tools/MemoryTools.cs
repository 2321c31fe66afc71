using AgentPlatform.Validation;
using System.ComponentModel;
using AgentPlatform.Client;
using AgentPlatform.Contracts;
using ModelContextProtocol.Server;

namespace AgentPlatform.McpServer.Tools;

[McpServerToolType]
public sealed class MemoryTools(AgentPlatformClient platform)
{
    [McpServerTool(Name = "remember", Title = "Remember messages", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Stores one or more conversation messages in an agent's memory, in the order given. Pass the sessionId of an " +
                 "ongoing conversation; without one, a new session is started for agentId (and userId) and its id is returned: " +
                 "pass it to later remember calls of the same conversation. Stored messages can be found again with recall " +
                 "and read back in order with get_conversation.")]
    public Task<RememberResult> RememberAsync(
        [Description("The messages, oldest first (1 to 500).")] RememberMessage[] messages,
        [Description("The session to add to (from start_session or an earlier remember). Leave out to start a new session.")] string? sessionId = null,
        [Description("The agent whose memory this is; required when no sessionId is given.")] string? agentId = null,
        [Description("The user the new session is with (only used when a session is started).")] string? userId = null,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        var session = args.Guid("sessionId", sessionId, required: false);
        args.Id("agentId", agentId, required: session is null && sessionId is null);
        args.Id("userId", userId, required: false);
        if (messages is not { Length: > 0 }) args.Add("messages", "messages must hold at least one message.");
        var requests = (messages ?? []).Select((m, i) => new MessageRequest(
            args.Required<MessageRole>($"messages[{i}].role", m.Role),
            m.Content, args.Id($"messages[{i}].userId", m.UserId, required: false), CreatedAt: m.CreatedAt)).ToList();
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(async () =>
        {
            var started = session is null;
            var id = session ?? (await platform.Sessions.StartAsync(new CreateSessionRequest(agentId, userId), cancellationToken)).Id;
            var stored = await platform.Conversations.AppendBatchAsync(id, requests, cancellationToken);
            return new RememberResult(id, started, stored);
        });
    }

    [McpServerTool(Name = "recall", Title = "Recall from memory", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Finds what was said in earlier conversations (and, with scope 'knowledge' or 'all', in the knowledge base) by " +
                 "meaning and by words: hybrid search by default. Narrow it with agentId, sessionId, userId, role and a time range. " +
                 "context > 0 adds that many neighbouring turns before and after each remembered message. Best hits first.")]
    public Task<MemorySearchResponse> RecallAsync(
        [Description("What to look for, in natural language (a question or a paraphrase works).")] string query,
        [Description("Where to look: conversations (default), knowledge, or all.")] string? scope = null,
        [Description("hybrid (default: meaning and words), semantic (meaning only) or fulltext (words only).")] string? mode = null,
        [Description("Only the memories of this agent.")] string? agentId = null,
        [Description("Only messages of this session.")] string? sessionId = null,
        [Description("Only messages of this user.")] string? userId = null,
        [Description("Only messages of this role: user, assistant, system or tool.")] string? role = null,
        [Description("Only what was created at or after this time (ISO 8601).")] DateTimeOffset? createdFrom = null,
        [Description("Only what was created before this time (ISO 8601).")] DateTimeOffset? createdTo = null,
        [Description("How many hits to return, 1 to 100 (default 10).")] int limit = SearchRequest.DefaultLimit,
        [Description("Neighbouring turns to include before and after each message hit, 0 to 10 (default 0).")] int context = 0,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        args.Query("query", query, SearchRequest.MaxQueryLength);
        var parsedScope = args.Enum<MemoryScope>("scope", scope) ?? MemoryScope.Conversations;
        var parsedMode = args.Enum<SearchMode>("mode", mode) ?? SearchMode.Hybrid;
        var parsedRole = args.Enum<MessageRole>("role", role);
        args.Id("agentId", agentId, required: false);
        args.Guid("sessionId", sessionId, required: false);
        args.Id("userId", userId, required: false);
        args.Range("limit", limit, 1, SearchRequest.MaxLimit);
        args.Range("context", context, 0, MemorySearchRequest.MaxContext);
        args.Window("createdFrom", createdFrom, "createdTo", createdTo);
        args.ThrowIfInvalid();
        var filters = new MemoryFilters(agentId, sessionId, userId, parsedRole, createdFrom, createdTo);
        return ToolCall.RunAsync(() => platform.Memory.SearchAsync(
            new MemorySearchRequest(query, parsedMode, limit, filters, parsedScope, context), cancellationToken));
    }
}
