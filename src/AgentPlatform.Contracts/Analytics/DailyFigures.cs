namespace AgentPlatform.Contracts;

/// <summary>One UTC day: sessions started, interactions logged and conversation messages written.</summary>
public sealed record DailyFigures(DateOnly Day, long Sessions, long Interactions, long Messages);
