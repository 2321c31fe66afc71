using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Conversation figures of a window: distinct non-null user ids of its messages, and its assistant messages with
/// their total length in Unicode code points (so every store counts "👋" as one character).</summary>
public sealed record ConversationFigures(long UniqueUsers, long AssistantMessages, long AssistantCharacters)
{
    public double? AverageResponseLength => AssistantMessages == 0 ? null : (double)AssistantCharacters / AssistantMessages;
}
