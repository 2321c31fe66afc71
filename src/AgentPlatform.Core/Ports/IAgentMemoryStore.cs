using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Sessions and interactions in the relational store. Every method is scoped to one tenant.</summary>
public interface IAgentMemoryStore
{
    Task<AgentSession> CreateSessionAsync(AgentSession session, CancellationToken ct);
    Task<AgentSession?> GetSessionAsync(string tenantId, Guid sessionId, CancellationToken ct);
    /// <summary>Ends an active session; returns null when the session does not exist for this tenant. Of concurrent ends
    /// exactly one wins; the others throw <see cref="SessionEndedException"/>. Without endedAt the session ends when the
    /// end holds it, so it is stamped after every write that got in before it (see <see cref="WriteWhileActiveAsync"/>).</summary>
    Task<AgentSession?> EndSessionAsync(string tenantId, Guid sessionId, SessionStatus status, DateTimeOffset? endedAt, CancellationToken ct);
    /// <summary>Sessions newest first (by StartedAt).</summary>
    Task<Page<AgentSession>> ListSessionsAsync(string tenantId, SessionQuery query, PageRequest page, CancellationToken ct);
    /// <summary>Adds interactions to active sessions in one transaction that holds those sessions: throws
    /// <see cref="SessionEndedException"/> (adding nothing) when one of them has ended.</summary>
    Task AddInteractionsAsync(IReadOnlyList<AgentInteraction> interactions, CancellationToken ct);
    /// <summary>Runs a write to another store (conversation messages) while holding the session active: an end waits
    /// until the write is done, and a write never starts once the session has ended (<see cref="SessionEndedException"/>).
    /// So every write a caller was told succeeded happened, and is stamped, before the session's end.</summary>
    Task WriteWhileActiveAsync(string tenantId, Guid sessionId, Func<Task> write, CancellationToken ct);
    /// <summary>Deletes a session (active or ended) and its interactions. <paramref name="deleteElsewhere"/> (its
    /// conversation messages) runs first, while the session is held, so no write gets into the session between the two;
    /// if the deletion then fails, a retry finds nothing more to delete elsewhere and deletes the session. False when
    /// the session does not exist for this tenant.</summary>
    Task<bool> DeleteSessionAsync(string tenantId, Guid sessionId, Func<Task> deleteElsewhere, CancellationToken ct);
    /// <summary>Interactions of one session, newest first (by CreatedAt); only those of that outcome when success is set.</summary>
    Task<Page<AgentInteraction>> ListInteractionsAsync(string tenantId, Guid sessionId, bool? success, PageRequest page, CancellationToken ct);
}
