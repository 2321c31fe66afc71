using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Storage.Vectors.Chroma;

internal sealed class ChromaWhereJsonConverter : JsonConverter<ChromaWhere>
{
    public override ChromaWhere Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Filters are only sent to Chroma, never read back.");

    public override void Write(Utf8JsonWriter writer, ChromaWhere value, JsonSerializerOptions options) => value.WriteTo(writer);
}
