
namespace AgentPlatform.Ports;

/// <summary>One UTC day of the window.</summary>
public sealed record DailyActivity(DateOnly Day, long Sessions, long Interactions);
