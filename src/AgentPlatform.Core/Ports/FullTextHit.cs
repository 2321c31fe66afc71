namespace AgentPlatform.Ports;

public sealed record FullTextHit(FullTextDocument Document, double Score, IReadOnlyList<string> Highlights);
