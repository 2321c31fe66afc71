using System.Text.Json;
using AgentPlatform.Validation;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Free-form metadata of sessions, interactions and messages: a JSON object of at most
/// <see cref="MaxLength"/> characters, stored as its text.</summary>
public static class MetadataRules
{
    public const int MaxLength = 16 * 1024;

    /// <summary>The metadata's text, or null when absent or refused (then with an error under <paramref name="field"/>).</summary>
    public static string? Validate(RequestErrors errors, string field, JsonElement? metadata)
    {
        if (metadata is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (value.ValueKind != JsonValueKind.Object) { errors.Add(field, $"{field} must be a JSON object."); return null; }
        if (JsonValueText.TryGet(value) is not { } text) { errors.Add(field, $"{field} {JsonValueText.InvalidText}"); return null; }
        if (text.Length > MaxLength) { errors.Add(field, $"{field} is longer than {MaxLength} characters."); return null; }
        return text;
    }

    /// <summary>The text of metadata <see cref="Validate"/> accepted.</summary>
    public static string? Text(JsonElement? metadata) => metadata is { ValueKind: JsonValueKind.Object } value ? value.GetRawText() : null;
}
