using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>Current agent state in agent_states, every version in agent_state_history. The conditional write on
/// the current document decides conflicts: an update matches only the expected version, a create relies on the
/// unique key (a duplicate is the conflict). The history entry is written after it; without a replica-set
/// transaction a crash between the two can leave that one version out of the history, never the current state.</summary>
public sealed class MongoAgentStateStore(MongoDocumentDatabase database) : IAgentStateStore
{
    private static readonly FilterDefinitionBuilder<MongoAgentState> Filter = Builders<MongoAgentState>.Filter;

    public Task<AgentState> PutAsync(string tenantId, string agentId, string stateType, string dataJson, long? expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        var data = MongoJson.Parse(dataJson);
        var updatedAt = MongoTime.ToStored(now);
        return MongoDocumentDatabase.RunAsync(async () =>
        {
            var current = expectedVersion is { } expected
                ? await UpdateAsync(tenantId, agentId, stateType, data, expected, updatedAt, ct)
                : await CreateAsync(tenantId, agentId, stateType, data, updatedAt, ct);
            await database.AgentStateHistory.InsertOneAsync(current.AsHistoryEntry(), cancellationToken: ct);
            return current.ToDomain();
        });
    }

    public Task<AgentState?> GetAsync(string tenantId, string agentId, string stateType, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.RunAsync(async () =>
        {
            var current = await database.AgentStates.Find(KeyFilter(tenantId, agentId, stateType)).FirstOrDefaultAsync(ct);
            return current?.ToDomain();
        });
    }

    public Task<Page<AgentState>> ListHistoryAsync(string tenantId, string agentId, string stateType, PageRequest page, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.FindPageAsync(database.AgentStateHistory, KeyFilter(tenantId, agentId, stateType), HistorySort, page, s => s.ToDomain(), ct);
    }

    private async Task<MongoAgentState> CreateAsync(string tenantId, string agentId, string stateType, BsonValue data, DateTime updatedAt, CancellationToken ct)
    {
        var state = new MongoAgentState
        {
            TenantId = tenantId,
            AgentId = agentId,
            StateType = stateType,
            Data = data,
            Version = 1,
            UpdatedAt = updatedAt,
        };
        try
        {
            await database.AgentStates.InsertOneAsync(state, cancellationToken: ct);
            return state;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            throw await ConflictAsync(tenantId, agentId, stateType, null, ct);
        }
    }

    private async Task<MongoAgentState> UpdateAsync(string tenantId, string agentId, string stateType, BsonValue data, long expectedVersion, DateTime updatedAt, CancellationToken ct) =>
        await database.AgentStates.FindOneAndUpdateAsync(
            VersionedFilter(tenantId, agentId, stateType, expectedVersion),
            NextVersionUpdate(data, expectedVersion + 1, updatedAt),
            new FindOneAndUpdateOptions<MongoAgentState> { ReturnDocument = ReturnDocument.After },
            ct)
        ?? throw await ConflictAsync(tenantId, agentId, stateType, expectedVersion, ct);

    private async Task<ConcurrencyConflictException> ConflictAsync(string tenantId, string agentId, string stateType, long? expectedVersion, CancellationToken ct)
    {
        var current = await database.AgentStates.Find(KeyFilter(tenantId, agentId, stateType)).FirstOrDefaultAsync(ct);
        return DocumentStoreRules.StateConflict(tenantId, agentId, stateType, expectedVersion, current?.Version);
    }

    internal static FilterDefinition<MongoAgentState> KeyFilter(string tenantId, string agentId, string stateType) =>
        Filter.Eq(s => s.TenantId, tenantId) & Filter.Eq(s => s.AgentId, agentId) & Filter.Eq(s => s.StateType, stateType);

    /// <summary>The optimistic-concurrency precondition: the key and the version the caller last read.</summary>
    internal static FilterDefinition<MongoAgentState> VersionedFilter(string tenantId, string agentId, string stateType, long expectedVersion) =>
        KeyFilter(tenantId, agentId, stateType) & Filter.Eq(s => s.Version, expectedVersion);

    internal static UpdateDefinition<MongoAgentState> NextVersionUpdate(BsonValue data, long nextVersion, DateTime updatedAt) =>
        Builders<MongoAgentState>.Update
            .Set(s => s.Data, data)
            .Set(s => s.Version, nextVersion)
            .Set(s => s.UpdatedAt, updatedAt);

    internal static SortDefinition<MongoAgentState> HistorySort { get; } = Builders<MongoAgentState>.Sort.Descending(s => s.Version);
}
