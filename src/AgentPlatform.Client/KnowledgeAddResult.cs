using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>The stored entry; Created is false for a duplicate (the tenant's existing entry of that title and content).</summary>
public sealed record KnowledgeAddResult(KnowledgeResponse Entry, bool Created);
