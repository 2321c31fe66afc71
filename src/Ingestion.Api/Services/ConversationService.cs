using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Ports;
using AgentPlatform.Validation;

namespace AgentPlatform.IngestionApi.Services;

/// <summary>Conversation messages of a session: the request rules, and the business rules of an append (ids, the
/// order of a batch's timestamps, the session's agent and user carried onto each message).</summary>
public sealed class ConversationService(IAgentMemoryStore sessions, IConversationWriter conversations, TimeProvider clock)
{
    public const int MaxMessageLength = 256 * 1024;
    public const int MaxMessageBatch = 500;

    /// <summary>Each message's fields; <paramref name="field"/> ("messages") keys the errors of a batch item
    /// ("messages[2].content"), empty for a single message ("content").</summary>
    public RequestErrors Validate(IReadOnlyList<MessageRequest> requests, string field)
    {
        var errors = new RequestErrors();
        var now = clock.GetUtcNow();
        for (var i = 0; i < requests.Count; i++)
        {
            var p = field.Length == 0 ? "" : $"{field}[{i}].";
            var r = requests[i];
            errors.Defined(p + "role", r.Role);
            errors.Text(p + "content", r.Content, MaxMessageLength, required: true);
            errors.Id(p + "userId", r.UserId, required: false);
            MetadataRules.Validate(errors, p + "metadata", r.Metadata);
            errors.Past(p + "createdAt", r.CreatedAt, now);
        }
        return errors;
    }

    /// <summary>Appends validated messages in order; null when the session does not exist for the tenant.</summary>
    public async Task<IReadOnlyList<ConversationMessage>?> AppendAsync(string tenantId, Guid sessionId, IReadOnlyList<MessageRequest> requests, CancellationToken ct)
    {
        if (await sessions.GetSessionAsync(tenantId, sessionId, ct) is not { } session) return null;
        var now = clock.GetUtcNow();
        // Messages of one request keep their order: each is stamped one tick after the previous, unless the caller dates it (an import).
        var messages = requests.Select((r, i) => new ConversationMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            SessionId = sessionId,
            AgentId = session.AgentId,
            UserId = r.UserId ?? session.UserId,
            Role = r.Role!.Value,
            Content = r.Content!,
            CreatedAt = r.CreatedAt ?? now.AddTicks(i),
            MetadataJson = MetadataRules.Text(r.Metadata),
        }).ToList();
        // Same rule as interactions: an ended session takes no messages (409), and the append runs while the session is
        // held, so an end that races it waits and is stamped after every message it let in.
        await sessions.WriteWhileActiveAsync(tenantId, sessionId, () => conversations.AppendAsync(messages, ct), ct);
        return messages;
    }
}
