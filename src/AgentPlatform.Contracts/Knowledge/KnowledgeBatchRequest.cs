namespace AgentPlatform.Contracts;

public sealed record KnowledgeBatchRequest(IReadOnlyList<KnowledgeInput>? Entries);
