using System.Net;

namespace AgentPlatform.Client;

/// <summary>409, 412 or 428: the record changed or is in a state that refuses the call (a stale version, an ended
/// session, a state that exists already); read it again and retry with its current version.</summary>
public sealed class AgentPlatformConflictException(HttpStatusCode status, string title, string? detail, string? traceId)
    : AgentPlatformException(status, title, detail, traceId, new Dictionary<string, string[]>());
