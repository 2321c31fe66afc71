namespace AgentPlatform.Storage.Relational;

/// <summary>Every row carries the tenant; <see cref="AgentDbContext"/> filters each query by it.</summary>
public interface ITenantRow
{
    string TenantId { get; }
}
