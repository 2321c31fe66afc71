namespace AgentPlatform.Search;

/// <summary>An engine's contribution to a fused hit: its 1-based rank among distinct entries and its raw score.</summary>
public sealed record EngineContribution(string Engine, int Rank, double RawScore);
