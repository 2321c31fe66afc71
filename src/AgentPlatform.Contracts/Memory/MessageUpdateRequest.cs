namespace AgentPlatform.Contracts;

/// <summary>A correction of a message's content; role, speaker and time stay as they were.</summary>
public sealed record MessageUpdateRequest(string? Content);
