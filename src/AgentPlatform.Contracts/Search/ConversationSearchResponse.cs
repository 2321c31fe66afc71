namespace AgentPlatform.Contracts;

/// <summary>Hits best first; Total counts every match, so offset + limit pages through them.</summary>
public sealed record ConversationSearchResponse(string Query, IReadOnlyList<ConversationSearchHit> Hits, long Total, int Offset, int Limit, double TookMs);
