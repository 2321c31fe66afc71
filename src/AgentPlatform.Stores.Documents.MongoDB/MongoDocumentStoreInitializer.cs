using AgentPlatform.Domain;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>Creates the document-store indexes. createIndexes is idempotent for identical definitions,
/// so several processes may run this at once.</summary>
public sealed class MongoDocumentStoreInitializer(MongoDocumentDatabase database) : IStoreInitializer
{
    public string Store => StoreNames.Documents;

    public Task InitializeAsync(CancellationToken ct) => MongoDocumentDatabase.RunAsync(() => Task.WhenAll(
        database.Conversations.Indexes.CreateManyAsync(ConversationIndexes, ct),
        database.AgentStates.Indexes.CreateManyAsync(AgentStateIndexes, ct),
        database.AgentStateHistory.Indexes.CreateManyAsync(AgentStateHistoryIndexes, ct),
        database.KnowledgeDocuments.Indexes.CreateManyAsync(KnowledgeDocumentIndexes, ct)));

    /// <summary>History of a session, newest first (_id breaks ties between messages of the same millisecond); the
    /// indexing worker's claim: the messages not yet indexed (indexedAt null or missing: one equality bound on the first
    /// key), oldest first; and a tenant's messages by time for analytics.</summary>
    internal static IReadOnlyList<CreateIndexModel<MongoConversationMessage>> ConversationIndexes { get; } =
    [
        new(Builders<MongoConversationMessage>.IndexKeys
                .Ascending(m => m.TenantId).Ascending(m => m.SessionId).Descending(m => m.CreatedAt).Descending(m => m.Id),
            new CreateIndexOptions { Name = "tenant_session_created" }),
        new(Builders<MongoConversationMessage>.IndexKeys
                .Ascending(m => m.IndexedAt).Ascending(m => m.CreatedAt).Ascending(m => m.Id),
            new CreateIndexOptions { Name = "unindexed_created" }),
        new(Builders<MongoConversationMessage>.IndexKeys.Ascending(m => m.TenantId).Ascending(m => m.CreatedAt),
            new CreateIndexOptions { Name = "tenant_created" }),
    ];

    /// <summary>One current state per key: inserting a second one is the create conflict.</summary>
    internal static IReadOnlyList<CreateIndexModel<MongoAgentState>> AgentStateIndexes { get; } =
    [
        new(Builders<MongoAgentState>.IndexKeys.Ascending(s => s.TenantId).Ascending(s => s.AgentId).Ascending(s => s.StateType),
            new CreateIndexOptions { Name = "tenant_agent_type", Unique = true }),
    ];

    internal static IReadOnlyList<CreateIndexModel<MongoAgentState>> AgentStateHistoryIndexes { get; } =
    [
        new(Builders<MongoAgentState>.IndexKeys
                .Ascending(s => s.TenantId).Ascending(s => s.AgentId).Ascending(s => s.StateType).Descending(s => s.Version),
            new CreateIndexOptions { Name = "tenant_agent_type_version", Unique = true }),
    ];

    /// <summary>The text index leads with tenantId, so every $text query must name a tenant (MongoDB rejects it
    /// otherwise) and only scans that tenant's keys; a title match weighs twice a content match.</summary>
    internal static IReadOnlyList<CreateIndexModel<MongoKnowledgeDocument>> KnowledgeDocumentIndexes { get; } =
    [
        new(Builders<MongoKnowledgeDocument>.IndexKeys.Ascending(d => d.TenantId).Ascending(d => d.EntryId),
            new CreateIndexOptions { Name = "tenant_entry", Unique = true }),
        new(Builders<MongoKnowledgeDocument>.IndexKeys.Ascending(d => d.TenantId).Text(d => d.Title).Text(d => d.Content),
            new CreateIndexOptions
            {
                Name = "tenant_text",
                Weights = new BsonDocument { { "title", 2 }, { "content", 1 } },
                DefaultLanguage = "english",
            }),
    ];
}
