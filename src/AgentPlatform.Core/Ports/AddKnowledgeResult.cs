using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

public sealed record AddKnowledgeResult(KnowledgeEntry Entry, bool Created);
