using AgentPlatform.Contracts;
namespace AgentPlatform.Domain;

/// <summary>A knowledge entry as held by the system of record (the relational store).</summary>
public sealed record KnowledgeEntry
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Source { get; init; }
    /// <summary>The agent the entry belongs to, if any: search can filter by it and analytics count it per agent.</summary>
    public string? AgentId { get; init; }
    /// <summary>SHA-256 (hex) of the normalized title and content; (TenantId, ContentHash) finds duplicates.</summary>
    public required string ContentHash { get; init; }
    public int Version { get; init; } = 1;
    public KnowledgeStatus Status { get; init; } = KnowledgeStatus.Pending;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? IndexedAt { get; init; }
    public string? Error { get; init; }
}

/// <summary>What an outbox message asks of the worker. Upsert writes every projection of the entry at its version;
/// the Reindex operations rewrite just one (a reindex with a target), so a full-text rebuild embeds nothing.</summary>
public enum OutboxOperation { Upsert, Delete, ReindexVectors, ReindexFullText }

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

public sealed record KnowledgeChunk(int Index, string Text, int StartOffset, int TokenCount);

/// <summary>The document-store mirror of an indexed entry, with its chunks.</summary>
public sealed record KnowledgeDocument
{
    public required Guid EntryId { get; init; }
    public required string TenantId { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Source { get; init; }
    /// <summary>The agent the entry belongs to, if any.</summary>
    public string? AgentId { get; init; }
    public required int Version { get; init; }
    public IReadOnlyList<KnowledgeChunk> Chunks { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
