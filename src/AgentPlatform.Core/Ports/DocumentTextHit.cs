using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

public sealed record DocumentTextHit(KnowledgeDocument Document, double Score);
