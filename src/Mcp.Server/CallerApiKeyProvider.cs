using AgentPlatform.Client;
using AgentPlatform.ServiceDefaults;

namespace AgentPlatform.McpServer;

/// <summary>The key of the MCP request being served, forwarded to the APIs, which take the tenant from it: the MCP
/// server holds no key of its own and no tool argument names a tenant.</summary>
public sealed class CallerApiKeyProvider(IHttpContextAccessor accessor) : IAgentPlatformApiKeyProvider
{
    public string? GetApiKey() =>
        accessor.HttpContext is { } http && ApiKeyAuthenticationHandler.PresentedKey(http.Request) is { Length: > 0 } key ? key : null;
}
