using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>A claimed outbox message and the entry it refers to, as the record holds it now.</summary>
public sealed record ClaimedOutboxMessage(OutboxMessage Message, KnowledgeEntry? Entry);
