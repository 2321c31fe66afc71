using AgentPlatform.Contracts;

namespace AgentPlatform.McpServer.Tools;

/// <summary>The session the messages went to (SessionStarted: remember started it) and the stored messages.</summary>
public sealed record RememberResult(Guid SessionId, bool SessionStarted, IReadOnlyList<MessageResponse> Messages);
