namespace AgentPlatform.Contracts;

public sealed record MessageBatchRequest(IReadOnlyList<MessageRequest>? Messages);
