namespace AgentPlatform.Domain;

/// <summary>A pending projection change, written in the same transaction as the entry change it describes.</summary>
public sealed record OutboxMessage
{
    public required long Id { get; init; }
    public required string TenantId { get; init; }
    public required Guid EntryId { get; init; }
    public required OutboxOperation Operation { get; init; }
    public required int EntryVersion { get; init; }
    public int Attempts { get; init; }
    public required DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>W3C traceparent of the activity that wrote the message (the API request), so the worker's spans
    /// for it join the same trace. Null when the writer had no W3C activity.</summary>
    public string? TraceParent { get; init; }
}
