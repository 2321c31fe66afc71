namespace AgentPlatform.Contracts;

public enum MemoryHitKind { Message, Knowledge }
