namespace AgentPlatform.Client;

/// <summary>The API key sent with each call; the key decides the tenant. The default returns
/// <see cref="AgentPlatformClientSettings.ApiKey"/>; a server acting for many callers (the MCP server) registers one
/// that returns the current caller's key.</summary>
public interface IAgentPlatformApiKeyProvider
{
    string? GetApiKey();
}
