namespace AgentPlatform.Contracts;

public sealed record InteractionTypeCount(InteractionType Type, long Count);
