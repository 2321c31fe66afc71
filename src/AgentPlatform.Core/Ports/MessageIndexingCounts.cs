using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Ports;

/// <summary>Messages still to index (Pending, being retried included), in every projection (Indexed), or given up on (Failed).</summary>
public sealed record MessageIndexingCounts(long Pending, long Indexed, long Failed);
