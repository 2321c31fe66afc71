namespace AgentPlatform.Ports;

public sealed record DateBucket(DateTimeOffset Start, long Count);
