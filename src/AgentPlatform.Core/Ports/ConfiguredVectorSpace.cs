namespace AgentPlatform.Ports;

/// <summary>The vector space ("model/dimensions") of the embedding model this process is configured with
/// (Embeddings:Model): new vectors are made with it, and a tenant on another model is moved to it.</summary>
public sealed record ConfiguredVectorSpace(string Name);
