using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>Current agent state in agent_states, every version in agent_state_history. A put is one IMMEDIATE
/// transaction: the conditional write on the version decides the conflict, the history row follows it.</summary>
public sealed class SqliteAgentStateStore(SqliteDocumentDatabase database) : IAgentStateStore
{
    private const string KeyCondition = "tenant_id = $tenant AND agent_id = $agent AND state_type = $type";

    public Task<AgentState> PutAsync(string tenantId, string agentId, string stateType, string dataJson, long? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        var state = new AgentState
        {
            TenantId = tenantId,
            AgentId = agentId,
            StateType = stateType,
            DataJson = dataJson,
            Version = (expectedVersion ?? 0) + 1,
            UpdatedAt = now,
        };
        return database.RunAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var write = expectedVersion is null
                ? $"""
                  INSERT INTO agent_states (tenant_id, agent_id, state_type, data, version, updated_at)
                  VALUES ($tenant, $agent, $type, $data, $version, $updated)
                  ON CONFLICT (tenant_id, agent_id, state_type) DO NOTHING;
                  """
                : $"""
                  UPDATE agent_states SET data = $data, version = $version, updated_at = $updated
                  WHERE {KeyCondition} AND version = $expected;
                  """;
            await using (var command = WithState(connection.Command(write, transaction), state).With("$expected", expectedVersion))
            {
                if (await command.ExecuteNonQueryAsync(ct) == 0)
                    throw DocumentStoreRules.StateConflict(tenantId, agentId, stateType, expectedVersion,
                        await CurrentVersionAsync(connection, transaction, state, ct));
            }
            await using (var history = WithState(connection.Command("""
                             INSERT INTO agent_state_history (tenant_id, agent_id, state_type, version, data, updated_at)
                             VALUES ($tenant, $agent, $type, $version, $data, $updated);
                             """, transaction), state))
                await history.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return state;
        }, ct);
    }

    public Task<AgentState?> GetAsync(string tenantId, string agentId, string stateType, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync(async connection =>
        {
            await using var select = WithKey(connection.Command(
                $"SELECT data, version, updated_at FROM agent_states WHERE {KeyCondition};"), tenantId, agentId, stateType);
            await using var reader = await select.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ReadState(reader, tenantId, agentId, stateType) : null;
        }, ct);
    }

    public Task<Page<AgentState>> ListHistoryAsync(string tenantId, string agentId, string stateType, PageRequest page, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        page = page.Validated();
        return database.RunAsync(connection => connection.ReadPageAsync("data, version, updated_at",
            $"agent_state_history WHERE {KeyCondition}", "version DESC",
            command => WithKey(command, tenantId, agentId, stateType),
            reader => ReadState(reader, tenantId, agentId, stateType), page, ct), ct);
    }

    private static async Task<long?> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction transaction, AgentState state, CancellationToken ct)
    {
        await using var select = WithKey(connection.Command(
            $"SELECT version FROM agent_states WHERE {KeyCondition};", transaction), state.TenantId, state.AgentId, state.StateType);
        return await select.ExecuteScalarAsync(ct) as long?;
    }

    private static SqliteCommand WithKey(SqliteCommand command, string tenantId, string agentId, string stateType) =>
        command.With("$tenant", tenantId).With("$agent", agentId).With("$type", stateType);

    private static SqliteCommand WithState(SqliteCommand command, AgentState state) =>
        WithKey(command, state.TenantId, state.AgentId, state.StateType)
            .With("$data", state.DataJson)
            .With("$version", state.Version)
            .With("$updated", SqliteCommands.ToStoredTime(state.UpdatedAt));

    private static AgentState ReadState(SqliteDataReader reader, string tenantId, string agentId, string stateType) => new()
    {
        TenantId = tenantId,
        AgentId = agentId,
        StateType = stateType,
        DataJson = reader.GetString(0),
        Version = reader.GetInt64(1),
        UpdatedAt = reader.ReadTime(2),
    };
}
