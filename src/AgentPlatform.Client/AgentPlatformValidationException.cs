using System.Net;

namespace AgentPlatform.Client;

/// <summary>400: the request broke a rule; <see cref="AgentPlatformException.Errors"/> names each field and why.</summary>
public sealed class AgentPlatformValidationException(string title, string? detail, string? traceId, IReadOnlyDictionary<string, string[]> errors)
    : AgentPlatformException(HttpStatusCode.BadRequest, title, detail, traceId, errors);
