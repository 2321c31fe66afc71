namespace AgentPlatform.Contracts;

/// <summary>Which projections a reindex rebuilds.</summary>
public enum ReindexTarget { FullText, Vectors, All }
