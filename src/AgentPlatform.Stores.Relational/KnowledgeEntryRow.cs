using System.Text.Json;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Storage.Relational;

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
