namespace AgentPlatform.Ports;

public sealed record FullTextResult(IReadOnlyList<FullTextHit> Hits, long Total);
