using System.Net;

namespace AgentPlatform.Client;

/// <summary>404: no such record in the caller's tenant (another tenant's ids are never found).</summary>
public sealed class AgentPlatformNotFoundException(string title, string? detail, string? traceId)
    : AgentPlatformException(HttpStatusCode.NotFound, title, detail, traceId, new Dictionary<string, string[]>());
