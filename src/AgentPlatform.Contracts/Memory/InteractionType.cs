namespace AgentPlatform.Contracts;

public enum InteractionType { Query, Response, ToolCall, Observation, Error, Feedback }
