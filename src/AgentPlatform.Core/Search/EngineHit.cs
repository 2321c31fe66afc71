namespace AgentPlatform.Search;

/// <summary>One engine's hit for an entry (a chunk for vectors, the entry for full text). Lists are best first.</summary>
public sealed record EngineHit<T>(Guid EntryId, double RawScore, T Payload);
