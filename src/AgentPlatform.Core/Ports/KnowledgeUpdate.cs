using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

public sealed record KnowledgeUpdate(string Title, string Content, string? Category, IReadOnlyList<string> Tags, string? Source, string ContentHash);
