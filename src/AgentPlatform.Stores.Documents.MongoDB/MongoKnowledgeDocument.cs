using AgentPlatform.Domain;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace AgentPlatform.Storage.Documents.Mongo;

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
