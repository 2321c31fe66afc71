namespace AgentPlatform.Ports;

public enum FullTextIndexName { Knowledge, Conversations }
