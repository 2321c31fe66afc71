namespace AgentPlatform.Contracts;

/// <summary>A ranked name (an intent or an agent id) and how many interactions it had.</summary>
public sealed record NamedCount(string Name, long Count);
