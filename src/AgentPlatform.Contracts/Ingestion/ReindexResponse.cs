namespace AgentPlatform.Contracts;

/// <summary>Queued: knowledge entries queued; MessagesQueued: conversation messages queued (every reindex covers both kinds).</summary>
public sealed record ReindexResponse(string Target, int Queued, long MessagesQueued, IngestionStatus Status, string StatusUrl);
