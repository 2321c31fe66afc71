namespace AgentPlatform.Contracts;

/// <summary>The tenant's conversation messages by indexing state (full text and memory vectors).</summary>
/// <param name="Pending">Messages waiting for (re-)indexing, retries included.</param>
/// <param name="Indexed">Messages in every projection.</param>
/// <param name="Failed">Messages whose indexing failed after every attempt; a reindex queues them again.</param>
public sealed record MessageIngestionStatus(long Pending, long Indexed, long Failed);
