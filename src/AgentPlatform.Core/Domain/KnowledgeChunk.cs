namespace AgentPlatform.Domain;

public sealed record KnowledgeChunk(int Index, string Text, int StartOffset, int TokenCount);
