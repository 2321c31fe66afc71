using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Tests.Relational;

/// <summary>For tests that drive the outbox by hand and only need the claimed messages, not their entries.</summary>
public static class OutboxClaims
{
    public static async Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(this IKnowledgeOutbox outbox, int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct) =>
        [.. (await outbox.ClaimAsync(max, lease, now, ct)).Select(c => c.Message)];
}
