using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.ServiceDefaults;

/// <summary>Enums in request and response bodies travel as camelCase names, read case-insensitively. Unlike
/// JsonStringEnumConverter, numbers, numeric strings ("5") and comma-joined names ("query, response", which that
/// converter ORs into another member) are refused, so the JSON reader answers 400 before any handler runs.</summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, string> WireNames =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => EnumWireNames.Of(typeof(TEnum), v.ToString()));

        /// <summary>The wire name and the member name both read, case-insensitively ("fulltext", "FullText").</summary>
        private static readonly Dictionary<string, TEnum> ByName = WireNames
            .SelectMany(p => new[] { (Name: p.Value, p.Key), (Name: p.Key.ToString(), p.Key) })
            .DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(p => p.Name, p => p.Key, StringComparer.OrdinalIgnoreCase);

        private static readonly string Allowed = string.Join(", ", WireNames.Values);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? FromName(ref reader) : throw Invalid();

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            FromName(ref reader);

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Name(value));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Name(value));

        private static TEnum FromName(ref Utf8JsonReader reader) =>
            ByName.TryGetValue(reader.GetString() ?? "", out var value) ? value : throw Invalid();

        private static string Name(TEnum value) => WireNames.TryGetValue(value, out var name) ? name : throw Invalid();

        private static JsonException Invalid() => new($"Expected one of: {Allowed}.");
    }
}
