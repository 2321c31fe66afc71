using AgentPlatform.Domain;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Bson.Serialization.Serializers;

namespace AgentPlatform.Storage.Documents.Mongo;

// Storage shapes for the MongoDB collections. Mapping is declared with attributes, so the driver builds the
// class maps lazily (and thread-safely) on first use: nothing is registered in global serializer state.
// Guids are stored as standard UUIDs (binary subtype 4), times as BSON dates (UTC, millisecond precision),
// caller JSON (metadata, state data) as BSON so it stays queryable.

/// <summary>One conversation message; _id is "tenant:messageId" so ids never collide across tenants. The indexing
/// state is absent on insert (not yet indexed, not leased): leaseUntil and leaseId are a worker's claim, indexedAt
/// when the message reached the full-text index. Messages stored before these fields existed read as not indexed.</summary>
internal sealed class MongoConversationMessage
{
    [BsonId] public required string Id { get; init; }
    [BsonElement("messageId"), BsonGuidRepresentation(GuidRepresentation.Standard)] public required Guid MessageId { get; init; }
    [BsonElement("tenantId")] public required string TenantId { get; init; }
    [BsonElement("sessionId"), BsonGuidRepresentation(GuidRepresentation.Standard)] public required Guid SessionId { get; init; }
    [BsonElement("agentId")] public required string AgentId { get; init; }
    [BsonElement("userId"), BsonIgnoreIfNull] public string? UserId { get; init; }
    [BsonElement("role")] public required string Role { get; init; }
    [BsonElement("content")] public required string Content { get; init; }
    [BsonElement("createdAt")] public required DateTime CreatedAt { get; init; }
    [BsonElement("metadata"), BsonIgnoreIfNull] public BsonDocument? Metadata { get; init; }
    [BsonElement("indexedAt"), BsonIgnoreIfNull] public DateTime? IndexedAt { get; init; }
    [BsonElement("leaseUntil"), BsonIgnoreIfNull] public DateTime? LeaseUntil { get; init; }
    [BsonElement("leaseId"), BsonIgnoreIfNull, BsonGuidRepresentation(GuidRepresentation.Standard)] public Guid? LeaseId { get; init; }
    [BsonElement("indexAttempts"), BsonIgnoreIfDefault] public int IndexAttempts { get; init; }
    [BsonElement("indexError"), BsonIgnoreIfNull] public string? IndexError { get; init; }
    [BsonElement("indexFailedAt"), BsonIgnoreIfNull] public DateTime? IndexFailedAt { get; init; }
    /// <summary>A tombstone: gone from the history, still to remove from the projections.</summary>
    [BsonElement("deletedAt"), BsonIgnoreIfNull] public DateTime? DeletedAt { get; init; }

    public static MongoConversationMessage From(ConversationMessage message) => new()
    {
        Id = MongoIds.Scoped(message.TenantId, message.Id),
        MessageId = message.Id,
        TenantId = message.TenantId,
        SessionId = message.SessionId,
        AgentId = message.AgentId,
        UserId = message.UserId,
        Role = DocumentStoreRules.RoleName(message.Role),
        Content = message.Content,
        CreatedAt = MongoTime.ToStored(message.CreatedAt),
        Metadata = message.MetadataJson is null ? null : BsonDocument.Parse(message.MetadataJson),
    };

    public ConversationMessage ToDomain() => new()
    {
        Id = MessageId,
        TenantId = TenantId,
        SessionId = SessionId,
        AgentId = AgentId,
        UserId = UserId,
        Role = DocumentStoreRules.ParseRole(Role),
        Content = Content,
        CreatedAt = MongoTime.FromStored(CreatedAt),
        MetadataJson = Metadata is null ? null : MongoJson.Write(Metadata),
        Deleted = DeletedAt is not null,
    };
}

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

/// <summary>A knowledge document; _id is "tenant:entryId". TextScore is only filled by text searches
/// (projected from $meta) and is never written.</summary>
internal sealed class MongoKnowledgeDocument
{
    [BsonId] public required string Id { get; init; }
    [BsonElement("tenantId")] public required string TenantId { get; init; }
    [BsonElement("entryId"), BsonGuidRepresentation(GuidRepresentation.Standard)] public required Guid EntryId { get; init; }
    [BsonElement("title")] public required string Title { get; init; }
    [BsonElement("content")] public required string Content { get; init; }
    [BsonElement("category"), BsonIgnoreIfNull] public string? Category { get; init; }
    [BsonElement("tags")] public required List<string> Tags { get; init; }
    [BsonElement("source"), BsonIgnoreIfNull] public string? Source { get; init; }
    [BsonElement("agentId"), BsonIgnoreIfNull] public string? AgentId { get; init; }
    [BsonElement("version")] public required int Version { get; init; }
    [BsonElement("chunks")] public required List<MongoKnowledgeChunk> Chunks { get; init; }
    [BsonElement("createdAt")] public required DateTime CreatedAt { get; init; }
    [BsonElement("updatedAt")] public required DateTime UpdatedAt { get; init; }
    [BsonElement("score"), BsonIgnoreIfNull] public double? TextScore { get; init; }

    public static MongoKnowledgeDocument From(KnowledgeDocument document) => new()
    {
        Id = MongoIds.Scoped(document.TenantId, document.EntryId),
        TenantId = document.TenantId,
        EntryId = document.EntryId,
        Title = document.Title,
        Content = document.Content,
        Category = document.Category,
        Tags = [.. document.Tags],
        Source = document.Source,
        AgentId = document.AgentId,
        Version = document.Version,
        Chunks = [.. document.Chunks.Select(c => new MongoKnowledgeChunk { Index = c.Index, Text = c.Text, StartOffset = c.StartOffset, TokenCount = c.TokenCount })],
        CreatedAt = MongoTime.ToStored(document.CreatedAt),
        UpdatedAt = MongoTime.ToStored(document.UpdatedAt),
    };

    public KnowledgeDocument ToDomain() => new()
    {
        EntryId = EntryId,
        TenantId = TenantId,
        Title = Title,
        Content = Content,
        Category = Category,
        Tags = Tags,
        Source = Source,
        AgentId = AgentId,
        Version = Version,
        Chunks = [.. Chunks.Select(c => new KnowledgeChunk(c.Index, c.Text, c.StartOffset, c.TokenCount))],
        CreatedAt = MongoTime.FromStored(CreatedAt),
        UpdatedAt = MongoTime.FromStored(UpdatedAt),
    };
}

internal sealed class MongoKnowledgeChunk
{
    [BsonElement("index")] public required int Index { get; init; }
    [BsonElement("text")] public required string Text { get; init; }
    [BsonElement("startOffset")] public required int StartOffset { get; init; }
    [BsonElement("tokenCount")] public required int TokenCount { get; init; }
}

internal static class MongoIds
{
    /// <summary>Tenant ids cannot contain ':', so "tenant:guid" is unambiguous.</summary>
    public static string Scoped(string tenantId, Guid id) => $"{tenantId}:{id:D}";
}

internal static class MongoTime
{
    /// <summary>BSON dates hold milliseconds; truncating before writing keeps returned and stored values equal.</summary>
    public static DateTime ToStored(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    public static DateTimeOffset FromStored(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>Caller JSON to BSON and back (relaxed extended JSON, so plain numbers and strings read as JSON).</summary>
internal static class MongoJson
{
    private static readonly JsonWriterSettings WriterSettings = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false };

    public static BsonValue Parse(string json)
    {
        using var reader = new JsonReader(json);
        return BsonValueSerializer.Instance.Deserialize(BsonDeserializationContext.CreateRoot(reader));
    }

    public static string Write(BsonValue value) => value.ToJson(WriterSettings);
}
