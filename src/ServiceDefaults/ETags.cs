using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.ServiceDefaults;

/// <summary>A versioned record's version travels as its ETag ("3") and comes back in If-Match: one reading and one
/// writing for every endpoint that has versions.</summary>
public static class ETags
{
    public const string IfMatchField = "If-Match";

    /// <summary>Reads If-Match: "N" (a version; W/"N" is taken too). Absent → null; malformed → an error under
    /// <see cref="IfMatchField"/>.</summary>
    public static long? IfMatch(HttpRequest request, Validation.RequestErrors errors)
    {
        var header = request.Headers.IfMatch.ToString();
        if (header.Length == 0) return null;
        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        if (text.Length >= 3 && text[0] == '"' && text[^1] == '"'
            && long.TryParse(text[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return version;
        errors.Add(IfMatchField, $"{IfMatchField} must be a quoted version number, e.g. \"3\".");
        return null;
    }

    public static void Write(HttpResponse response, long version) => response.Headers.ETag = $"\"{version}\"";
}
