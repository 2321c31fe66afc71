using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

public sealed record MessageNeighbours(IReadOnlyList<ConversationMessage> Before, IReadOnlyList<ConversationMessage> After);
