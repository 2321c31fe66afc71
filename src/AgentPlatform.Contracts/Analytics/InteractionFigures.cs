namespace AgentPlatform.Contracts;

/// <summary>Interactions of the window: by type, how many succeeded and their share of all (null without interactions),
/// and how many distinct sessions logged them.</summary>
public sealed record InteractionFigures(long Total, IReadOnlyList<InteractionTypeCount> ByType, long Successful, double? SuccessRate, long Sessions);
