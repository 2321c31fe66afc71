using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace AgentPlatform.Storage.Documents.Mongo;

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
