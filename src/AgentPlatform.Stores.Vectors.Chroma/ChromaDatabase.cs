namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>A tenant's database in Chroma (Chroma's own tenant, not a platform tenant).</summary>
public sealed record ChromaDatabase(string Tenant, string Name);
