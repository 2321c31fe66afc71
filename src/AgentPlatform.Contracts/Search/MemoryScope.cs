namespace AgentPlatform.Contracts;

/// <summary>What memory search looks through: the tenant's conversation messages, its knowledge, or both fused.</summary>
public enum MemoryScope { Conversations, Knowledge, All }
