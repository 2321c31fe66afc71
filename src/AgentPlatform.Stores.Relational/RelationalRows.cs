using AgentPlatform.Contracts;
using System.Diagnostics;
using System.Text.Json;
using AgentPlatform.Domain;

namespace AgentPlatform.Storage.Relational;

/// <summary>Every row carries the tenant; <see cref="AgentDbContext"/> filters each query by it.</summary>
public interface ITenantRow
{
    string TenantId { get; }
}

/// <summary>Row of AgentSessions.</summary>
public sealed class AgentSessionRow : ITenantRow
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public string AgentId { get; set; } = "";
    public string? UserId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public SessionStatus Status { get; set; }
    public string? Metadata { get; set; }

    public static AgentSessionRow From(AgentSession session) => new()
    {
        Id = session.Id,
        TenantId = session.TenantId,
        AgentId = session.AgentId,
        UserId = session.UserId,
        StartedAt = session.StartedAt,
        EndedAt = session.EndedAt,
        Status = session.Status,
        Metadata = session.MetadataJson,
    };

    public AgentSession ToDomain() => new()
    {
        Id = Id,
        TenantId = TenantId,
        AgentId = AgentId,
        UserId = UserId,
        StartedAt = StartedAt,
        EndedAt = EndedAt,
        Status = Status,
        MetadataJson = Metadata,
    };
}

/// <summary>Row of AgentInteractions; (TenantId, SessionId) references its session.</summary>
public sealed class AgentInteractionRow : ITenantRow
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public Guid SessionId { get; set; }
    public string AgentId { get; set; } = "";
    public InteractionType Type { get; set; }
    public string Input { get; set; } = "";
    public string? Output { get; set; }
    public string? Intent { get; set; }
    public int ProcessingTimeMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Metadata { get; set; }
    public bool Success { get; set; } = true;
    public string? ErrorMessage { get; set; }

    public static AgentInteractionRow From(AgentInteraction interaction) => new()
    {
        Id = interaction.Id,
        TenantId = interaction.TenantId,
        SessionId = interaction.SessionId,
        AgentId = interaction.AgentId,
        Type = interaction.Type,
        Input = interaction.Input,
        Output = interaction.Output,
        Intent = interaction.Intent,
        ProcessingTimeMs = interaction.ProcessingTimeMs,
        CreatedAt = interaction.CreatedAt,
        Metadata = interaction.MetadataJson,
        Success = interaction.Success,
        ErrorMessage = interaction.ErrorMessage,
    };

    public AgentInteraction ToDomain() => new()
    {
        Id = Id,
        TenantId = TenantId,
        SessionId = SessionId,
        AgentId = AgentId,
        Type = Type,
        Input = Input,
        Output = Output,
        Intent = Intent,
        ProcessingTimeMs = ProcessingTimeMs,
        CreatedAt = CreatedAt,
        MetadataJson = Metadata,
        Success = Success,
        ErrorMessage = ErrorMessage,
    };
}

/// <summary>Row of KnowledgeEntries; Tags is a JSON array of strings.</summary>
public sealed class KnowledgeEntryRow : ITenantRow
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Content { get; set; } = "";
    public string? Category { get; set; }
    public string Tags { get; set; } = "[]";
    public string? Source { get; set; }
    public string? AgentId { get; set; }
    public string ContentHash { get; set; } = "";
    /// <summary>Grows by one on every change (update or delete); outbox rows name the version they announce.</summary>
    public int Version { get; set; }
    public KnowledgeStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? IndexedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>A new entry as the system of record holds it: version 1, pending, not yet indexed.</summary>
    public static KnowledgeEntryRow NewFrom(KnowledgeEntry entry) => new()
    {
        Id = entry.Id,
        TenantId = entry.TenantId,
        Title = entry.Title,
        Content = entry.Content,
        Category = entry.Category,
        Tags = SerializeTags(entry.Tags),
        Source = entry.Source,
        AgentId = entry.AgentId,
        ContentHash = entry.ContentHash,
        Version = 1,
        Status = KnowledgeStatus.Pending,
        CreatedAt = entry.CreatedAt,
        UpdatedAt = entry.UpdatedAt,
    };

    public static string SerializeTags(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags);

    public KnowledgeEntry ToDomain() => new()
    {
        Id = Id,
        TenantId = TenantId,
        Title = Title,
        Content = Content,
        Category = Category,
        Tags = JsonSerializer.Deserialize<string[]>(Tags) ?? [],
        Source = Source,
        AgentId = AgentId,
        ContentHash = ContentHash,
        Version = Version,
        Status = Status,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        IndexedAt = IndexedAt,
        Error = Error,
    };
}

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
