using AgentPlatform.Domain;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

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
