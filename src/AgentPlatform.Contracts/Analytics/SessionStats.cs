namespace AgentPlatform.Contracts;

/// <summary>Sessions started in the window. Active: still running now; the average duration covers those that ended.</summary>
public sealed record SessionStats(long Total, long Active, long Ended, double? AverageDurationMs);
