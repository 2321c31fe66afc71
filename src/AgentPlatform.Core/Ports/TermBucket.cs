namespace AgentPlatform.Ports;

public sealed record TermBucket(string Term, long Count);
