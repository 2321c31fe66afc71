namespace AgentPlatform.Contracts;

public sealed record ReindexResponse(string Target, int Queued, IngestionStatus Status, string StatusUrl);
