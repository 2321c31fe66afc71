using AgentPlatform.Contracts;

namespace AgentPlatform.Domain;

/// <summary>A conversation message as every API returns it (history, appends, memory search context).</summary>
public static class MessageMapping
{
    public static MessageResponse ToResponse(this ConversationMessage m) =>
        new(m.Id, m.TenantId, m.SessionId, m.AgentId, m.UserId, m.Role, m.Content, m.CreatedAt, m.MetadataJson);
}
