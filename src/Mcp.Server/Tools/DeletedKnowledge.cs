namespace AgentPlatform.McpServer.Tools;

/// <summary>A deleted entry: it leaves search at once and the record once every projection dropped it.</summary>
public sealed record DeletedKnowledge(Guid Id, bool Deleted);
