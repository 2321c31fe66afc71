using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Client;

/// <summary>One service of the platform behind a named HttpClient: JSON in and out, one span per call, and every
/// error answer turned into the typed exception of its status.</summary>
internal sealed class PlatformHttp(IHttpClientFactory factory, string clientName)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal static readonly ActivitySource Source = new(AgentPlatformClient.ActivitySourceName);

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, long? ifMatch = null) =>
        (await SendForStatusAsync<T>(method, path, body, ct, ifMatch)).Value;

    /// <summary>The answer's body and status (200 and 202 can mean different outcomes, e.g. duplicate or created).</summary>
    public async Task<(T Value, HttpStatusCode Status)> SendForStatusAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, long? ifMatch = null)
    {
        using var response = await SendRawAsync(method, path, body, ct, ifMatch);
        var value = await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode} without a body.");
        return (value, response.StatusCode);
    }

    /// <summary>Sends and checks the status; the caller owns the successful response.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken ct, long? ifMatch = null)
    {
        using var activity = Source.StartActivity($"{method} {RouteOf(path)}", ActivityKind.Client);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        if (ifMatch is { } version) request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        var response = await factory.CreateClient(clientName).SendAsync(request, ct);
        activity?.SetTag("http.response.status_code", (int)response.StatusCode);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            throw await ToExceptionAsync(response, ct);
        }
    }

    /// <summary>The path without its query, so span names do not carry search text or ids' values.</summary>
    private static string RouteOf(string path) => path.Split('?')[0];

    private static async Task<AgentPlatformException> ToExceptionAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var title = response.ReasonPhrase ?? response.StatusCode.ToString();
        string? detail = null, traceId = null;
        var errors = new Dictionary<string, string[]>();
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var problem = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = problem.RootElement;
                if (root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String) title = t.GetString()!;
                if (root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString();
                if (root.TryGetProperty("traceId", out var id) && id.ValueKind == JsonValueKind.String) traceId = id.GetString();
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in e.EnumerateObject())
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(v => v.ToString())]
                            : [field.Value.ToString()];
                }
            }
        }
        catch (JsonException)
        {
            // Not ProblemDetails (a proxy's page, say): the status and its reason phrase still say what happened.
        }
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest => new AgentPlatformValidationException(title, detail, traceId, errors),
            HttpStatusCode.NotFound => new AgentPlatformNotFoundException(title, detail, traceId),
            HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.PreconditionRequired =>
                new AgentPlatformConflictException(response.StatusCode, title, detail, traceId),
            _ => new AgentPlatformException(response.StatusCode, title, detail, traceId, errors),
        };
    }
}
