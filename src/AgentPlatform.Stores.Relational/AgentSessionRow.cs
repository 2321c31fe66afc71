using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Storage.Relational;

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
