using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

public sealed record SessionQuery(string? AgentId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, SessionStatus? Status = null);

/// <summary>Sessions and interactions in the relational store. Every method is scoped to one tenant.</summary>
public interface IAgentMemoryStore
{
    Task<AgentSession> CreateSessionAsync(AgentSession session, CancellationToken ct);
    Task<AgentSession?> GetSessionAsync(string tenantId, Guid sessionId, CancellationToken ct);
    /// <summary>Ends an active session; returns null when the session does not exist for this tenant.</summary>
    Task<AgentSession?> EndSessionAsync(string tenantId, Guid sessionId, SessionStatus status, DateTimeOffset endedAt, CancellationToken ct);
    /// <summary>Sessions newest first (by StartedAt).</summary>
    Task<Page<AgentSession>> ListSessionsAsync(string tenantId, SessionQuery query, PageRequest page, CancellationToken ct);
    Task AddInteractionsAsync(IReadOnlyList<AgentInteraction> interactions, CancellationToken ct);
    /// <summary>Interactions of one session, newest first (by CreatedAt); only those of that outcome when success is set.</summary>
    Task<Page<AgentInteraction>> ListInteractionsAsync(string tenantId, Guid sessionId, bool? success, PageRequest page, CancellationToken ct);
}
