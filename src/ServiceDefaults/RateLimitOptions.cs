namespace AgentPlatform.ServiceDefaults;

/// <summary>AgentPlatform:RateLimit:*: each tenant's token bucket, over all of a service's tenant endpoints.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "AgentPlatform:RateLimit";

    /// <summary>Requests per second a tenant may make on average.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Requests a tenant may make at once after a quiet spell; unset, twice <see cref="PermitsPerSecond"/>.</summary>
    public int? Burst { get; set; }

    public int BucketSize => Burst ?? PermitsPerSecond * 2;
}
