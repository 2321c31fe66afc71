namespace AgentPlatform.Contracts;

public sealed record KnowledgeBatchResponse(int Created, int Duplicates, int Invalid, IReadOnlyList<KnowledgeBatchItemResult> Items);
