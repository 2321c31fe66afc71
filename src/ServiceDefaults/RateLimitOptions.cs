using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.ServiceDefaults;

/// <summary>AgentPlatform:RateLimit:*: each tenant's token bucket, over all of a service's tenant endpoints.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "AgentPlatform:RateLimit";

    /// <summary>Requests per second a tenant may make on average.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "AgentPlatform:RateLimit:PermitsPerSecond must be at least 1.")]
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Requests a tenant may make at once after a quiet spell; unset, twice <see cref="PermitsPerSecond"/>.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "AgentPlatform:RateLimit:Burst must be at least 1 (or unset: twice PermitsPerSecond).")]
    public int? Burst { get; set; }

    public int BucketSize => Burst ?? PermitsPerSecond * 2;
}
