namespace AgentPlatform.Contracts;

public sealed record SearchResponse(string Query, SearchMode Mode, IReadOnlyList<SearchHit> Hits, IReadOnlyList<string> Warnings, double TookMs);
