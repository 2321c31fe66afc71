using System.Text.Json;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>JSON values stored as they came (metadata, agent state). The reader checks their syntax but decodes strings
/// only on demand, so invalid UTF-8 or an escaped lone surrogate inside one would otherwise surface later as a 500
/// (when the text is taken or the value is written back). Every string and property name is decoded once here.</summary>
public static class JsonValueText
{
    /// <summary>The value's JSON text, or null when a string or property name in it is not valid Unicode.</summary>
    public static string? TryGet(JsonElement value)
    {
        try
        {
            Decode(value);
            return value.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public const string InvalidText = "must be valid Unicode text (invalid UTF-8 or an unpaired surrogate).";

    /// <summary>Nesting is bounded by the reader's depth limit (64), so recursion stays shallow.</summary>
    private static void Decode(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    _ = property.Name;
                    Decode(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                    Decode(item);
                break;
            case JsonValueKind.String:
                _ = value.GetString();
                break;
        }
    }
}
