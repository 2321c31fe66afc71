namespace AgentPlatform.Contracts;

public enum TagMatch { All, Any }
