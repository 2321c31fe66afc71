using AgentPlatform.Contracts;

namespace AgentPlatform.Storage.Relational;

internal sealed record InteractionTypeTotal(InteractionType Type, long Count);
