namespace AgentPlatform.Search;

public sealed record FusedHit<T>(Guid EntryId, double Score, double NormalizedScore, IReadOnlyList<EngineContribution> Contributions, IReadOnlyDictionary<string, T> Payloads);
