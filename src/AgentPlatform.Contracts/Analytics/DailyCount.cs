namespace AgentPlatform.Contracts;

public sealed record DailyCount(DateOnly Day, long Count);
