using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace AgentPlatform.Storage.Documents.Mongo;

internal sealed class MongoKnowledgeChunk
{
    [BsonElement("index")] public required int Index { get; init; }
    [BsonElement("text")] public required string Text { get; init; }
    [BsonElement("startOffset")] public required int StartOffset { get; init; }
    [BsonElement("tokenCount")] public required int TokenCount { get; init; }
}
