using AgentPlatform.Tests.Api;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Ingestion.Api allowing one request per second per tenant with a burst of three.</summary>
public sealed class RateLimitedApiFactory() : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: new Dictionary<string, string?>
{
    ["AgentPlatform:RateLimit:PermitsPerSecond"] = "1",
    ["AgentPlatform:RateLimit:Burst"] = RateLimitedApiFactory.Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    public const int Burst = 3;
}
