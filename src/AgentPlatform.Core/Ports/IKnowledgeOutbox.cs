using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>The worker's side of the knowledge outbox.</summary>
public interface IKnowledgeOutbox
{
    /// <summary>Claims up to about max due messages (NextAttemptAt &lt;= now) by pushing their NextAttemptAt to
    /// now+lease, so a crashed worker's claims become due again. Fair across tenants: each tenant with due messages
    /// gets an equal share of the claim (its oldest first), so one tenant's backlog never holds back another's
    /// messages. Each message comes with the entry it refers to as it is now (Deleting included; null once the row
    /// is gone), read in the same round trip. Ordered by tenant share: every tenant's first message, then every
    /// tenant's second, and so on.</summary>
    Task<IReadOnlyList<ClaimedOutboxMessage>> ClaimAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct);
    /// <summary>For each message, marks its entry Indexed at the message's version (no-op when the entry moved on) and
    /// removes the message; one transaction per tenant.</summary>
    Task CompleteUpsertAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset indexedAt, CancellationToken ct);
    /// <summary>Removes the entry row and the message.</summary>
    Task CompleteDeleteAsync(OutboxMessage message, CancellationToken ct);
    /// <summary>Makes claimed messages due again at once, untouched otherwise: a round that claimed more than it
    /// processes hands the rest back instead of leaving them leased.</summary>
    Task ReleaseAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset now, CancellationToken ct);
    /// <summary>Records the failure and schedules a retry, or when attempts are exhausted marks the entry Failed and drops the message.</summary>
    Task FailAsync(OutboxMessage message, string error, DateTimeOffset? retryAt, CancellationToken ct);
    /// <summary>Messages waiting over every tenant: the queue-depth metric, read now and then, not every round.</summary>
    Task<long> PendingCountAsync(CancellationToken ct);
}
