using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Versioned agent state with optimistic concurrency.</summary>
public interface IAgentStateStore
{
    /// <summary>Writes a new version. expectedVersion null means "create": it conflicts when a state exists.
    /// Otherwise it must equal the current version. Throws <see cref="ConcurrencyConflictException"/>.</summary>
    Task<AgentState> PutAsync(string tenantId, string agentId, string stateType, string dataJson, long? expectedVersion, DateTimeOffset now, CancellationToken ct);
    Task<AgentState?> GetAsync(string tenantId, string agentId, string stateType, CancellationToken ct);
    /// <summary>Earlier and current versions, newest first.</summary>
    Task<Page<AgentState>> ListHistoryAsync(string tenantId, string agentId, string stateType, PageRequest page, CancellationToken ct);
}
