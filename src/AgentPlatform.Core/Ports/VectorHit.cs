namespace AgentPlatform.Ports;

/// <summary>Similarity is 1 - cosine distance.</summary>
public sealed record VectorHit(VectorRecord Record, double Similarity);
