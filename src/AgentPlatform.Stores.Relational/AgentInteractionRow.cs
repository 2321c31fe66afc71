using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.Storage.Relational;

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
