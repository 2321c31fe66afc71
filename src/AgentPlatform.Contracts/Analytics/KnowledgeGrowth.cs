namespace AgentPlatform.Contracts;

/// <summary>Knowledge entries of the tenant, or of the query's agent when it names one (entries without an agent count
/// only tenant-wide): created in the window, whose latest indexing
/// finished in the window, and now Failed whose latest change (the one that failed to index) was made in the window.</summary>
public sealed record KnowledgeGrowth(long Added, long Indexed, long Failed);
