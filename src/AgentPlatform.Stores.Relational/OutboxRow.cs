using System.Diagnostics;
using AgentPlatform.Domain;

namespace AgentPlatform.Storage.Relational;

/// <summary>Row of Outbox: one pending projection change of an entry at a given version.</summary>
public sealed class OutboxRow : ITenantRow
{
    public long Id { get; set; }
    public string TenantId { get; set; } = "";
    public Guid EntryId { get; set; }
    public OutboxOperation Operation { get; set; }
    public int EntryVersion { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>W3C traceparent of the writing request: the worker continues that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Longest W3C traceparent: version, trace id, span id and flags, "00-{32}-{16}-{2}".</summary>
    public const int TraceParentMaxLength = 55;

    /// <summary>Announces the entry's current version, due at once, carrying the ambient trace context so the
    /// projection work the message causes shows up in the trace of the request that caused it.</summary>
    public static OutboxRow For(KnowledgeEntryRow entry, OutboxOperation operation, DateTimeOffset now) => new()
    {
        TenantId = entry.TenantId,
        EntryId = entry.Id,
        Operation = operation,
        EntryVersion = entry.Version,
        NextAttemptAt = now,
        CreatedAt = now,
        TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null,
    };

    public OutboxMessage ToDomain() => new()
    {
        Id = Id,
        TenantId = TenantId,
        EntryId = EntryId,
        Operation = Operation,
        EntryVersion = EntryVersion,
        Attempts = Attempts,
        NextAttemptAt = NextAttemptAt,
        LastError = LastError,
        CreatedAt = CreatedAt,
        TraceParent = TraceParent,
    };
}
