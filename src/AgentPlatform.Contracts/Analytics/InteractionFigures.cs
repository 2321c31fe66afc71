namespace AgentPlatform.Contracts;

public sealed record InteractionFigures(long Total, IReadOnlyList<InteractionTypeCount> ByType);
