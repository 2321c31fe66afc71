namespace AgentPlatform.Contracts;

public sealed record InteractionBatchRequest(IReadOnlyList<InteractionRequest>? Interactions);
