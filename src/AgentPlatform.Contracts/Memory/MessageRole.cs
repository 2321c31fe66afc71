namespace AgentPlatform.Contracts;

public enum MessageRole { User, Assistant, System, Tool }
