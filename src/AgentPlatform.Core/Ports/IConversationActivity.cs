namespace AgentPlatform.Ports;

/// <summary>Conversation figures over a window, for analytics.</summary>
public interface IConversationActivity
{
    /// <summary>How many messages were created in [from, to) on each UTC day, of the tenant and, when agentId is set,
    /// of that agent (exact match). Days without messages are absent.</summary>
    Task<IReadOnlyDictionary<DateOnly, long>> CountPerDayAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Users and assistant responses of the messages created in [from, to), of the tenant and, when agentId is
    /// set, of that agent (exact match).</summary>
    Task<ConversationFigures> SummarizeAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
