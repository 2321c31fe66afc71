namespace AgentPlatform.Contracts;

/// <summary>An engine's view of a hit (explain mode): its rank among distinct entries and its own score.</summary>
public sealed record EngineExplanation(int Rank, double RawScore);
