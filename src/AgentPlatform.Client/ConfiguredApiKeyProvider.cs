using Microsoft.Extensions.Options;

namespace AgentPlatform.Client;

internal sealed class ConfiguredApiKeyProvider(IOptions<AgentPlatformClientSettings> settings) : IAgentPlatformApiKeyProvider
{
    public string? GetApiKey() => settings.Value.ApiKey;
}
