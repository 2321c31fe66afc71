using System.Net;

namespace AgentPlatform.Client;

/// <summary>An API answered with an error: the ProblemDetails it sent (status, title, detail, the trace id to find
/// the request in the dashboard, and per-field errors for a 400).</summary>
public class AgentPlatformException(HttpStatusCode status, string title, string? detail, string? traceId, IReadOnlyDictionary<string, string[]> errors)
    : Exception(Describe(status, title, detail, errors))
{
    public HttpStatusCode StatusCode { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public string? TraceId { get; } = traceId;

    /// <summary>Field name (as in the request's JSON, e.g. "messages[0].content") to the reasons it was refused.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    private static string Describe(HttpStatusCode status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    {
        var text = $"{(int)status} {title}";
        if (!string.IsNullOrEmpty(detail)) text += ": " + detail;
        if (errors.Count > 0) text += " " + string.Join(" ", errors.SelectMany(e => e.Value.Select(reason => $"[{e.Key}] {reason}")));
        return text;
    }
}
