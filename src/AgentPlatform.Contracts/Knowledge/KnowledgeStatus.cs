namespace AgentPlatform.Contracts;

public enum KnowledgeStatus { Pending, Indexed, Failed, Deleting }
