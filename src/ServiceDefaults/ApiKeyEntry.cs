namespace AgentPlatform.ServiceDefaults;

/// <summary>One configured API key and the tenant it belongs to (AgentPlatform:ApiKeys:N:Key / :TenantId).</summary>
public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";
    public string TenantId { get; set; } = "";
}
