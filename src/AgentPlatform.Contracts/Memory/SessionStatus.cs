namespace AgentPlatform.Contracts;

public enum SessionStatus { Active, Completed, Abandoned }
