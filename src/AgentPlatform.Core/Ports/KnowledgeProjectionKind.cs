
namespace AgentPlatform.Ports;

/// <summary>A search-side copy of knowledge entries that the indexer keeps in step with the record.</summary>
public enum KnowledgeProjectionKind { Vectors, FullText, Documents }
