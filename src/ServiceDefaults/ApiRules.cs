using System.Globalization;
using AgentPlatform.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentPlatform.ServiceDefaults;

public static class PagingRules
{
    public static ValidationProblem? Validate(int offset, int limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset < 0) errors["offset"] = ["offset must be >= 0."];
        if (limit is < 1 or > PageRequest.MaxLimit) errors["limit"] = [$"limit must be between 1 and {PageRequest.MaxLimit}."];
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}

public static class ETags
{
    /// <summary>Reads If-Match: "N" (a version). Absent → true with null; malformed → false.</summary>
    public static bool TryParseIfMatch(HttpRequest request, out long? version)
    {
        version = null;
        var header = request.Headers.IfMatch.ToString();
        if (header.Length == 0) return true;
        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        if (text.Length < 3 || text[0] != '"' || text[^1] != '"') return false;
        if (!long.TryParse(text[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        version = parsed;
        return true;
    }
}

public static class EnumQuery
{
    /// <summary>Parses an optional enum query value case-insensitively ("completed", "Completed"); names only, no numbers.
    /// On failure adds an error naming the allowed values.</summary>
    public static TEnum? Parse<TEnum>(string? value, string field, Dictionary<string, string[]> errors) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        // Only an exact name: Enum.TryParse alone would also take "1", " +1" and "a, b" (flag combinations).
        if (Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } name) return Enum.Parse<TEnum>(name);
        errors[field] = [$"{field} must be one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}."];
        return null;
    }
}
