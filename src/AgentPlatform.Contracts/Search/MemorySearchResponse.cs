namespace AgentPlatform.Contracts;

public sealed record MemorySearchResponse(string Query, SearchMode Mode, MemoryScope Scope, IReadOnlyList<MemoryHit> Hits, IReadOnlyList<string> Warnings, double TookMs);
