using AgentPlatform.Domain;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>An agent state version: the current one in agent_states (unique per tenant, agent and type),
/// every version in agent_state_history (unique per tenant, agent, type and version).</summary>
internal sealed class MongoAgentState
{
    [BsonId] public ObjectId Id { get; init; }
    [BsonElement("tenantId")] public required string TenantId { get; init; }
    [BsonElement("agentId")] public required string AgentId { get; init; }
    [BsonElement("stateType")] public required string StateType { get; init; }
    [BsonElement("data")] public required BsonValue Data { get; init; }
    [BsonElement("version")] public required long Version { get; init; }
    [BsonElement("updatedAt")] public required DateTime UpdatedAt { get; init; }

    /// <summary>The same state as a new document (fresh _id), for the history collection.</summary>
    public MongoAgentState AsHistoryEntry() => new()
    {
        TenantId = TenantId,
        AgentId = AgentId,
        StateType = StateType,
        Data = Data,
        Version = Version,
        UpdatedAt = UpdatedAt,
    };

    public AgentState ToDomain() => new()
    {
        TenantId = TenantId,
        AgentId = AgentId,
        StateType = StateType,
        DataJson = MongoJson.Write(Data),
        Version = Version,
        UpdatedAt = MongoTime.FromStored(UpdatedAt),
    };
}
