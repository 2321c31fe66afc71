using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.ServiceDefaults;

/// <summary>AgentPlatform:* settings every service reads, validated at start (see
/// <see cref="Microsoft.Extensions.Hosting.Extensions.AddServiceDefaults{TBuilder}"/>): a wrong value stops the process
/// with a message naming the key.</summary>
public sealed class AgentPlatformOptions : IValidatableObject
{
    public const string SectionName = "AgentPlatform";
    public const int MinOperatorKeyLength = 32;
    public const long DefaultMaxRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>AgentPlatform:ApiKeys:N:Key / :TenantId: each key and the tenant it acts for.</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>AgentPlatform:OperatorApiKey: the key that shows what no tenant may see (store details on /health, the
    /// worker's process-wide figures). Unset, only Development shows them.</summary>
    public string? OperatorApiKey { get; set; }

    /// <summary>AgentPlatform:MaxRequestBodyBytes: the largest request body a service reads (413 beyond).</summary>
    [Range(1, long.MaxValue, ErrorMessage = "AgentPlatform:MaxRequestBodyBytes must be at least 1.")]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(OperatorApiKey) && OperatorApiKey.Length < MinOperatorKeyLength)
            yield return new ValidationResult($"AgentPlatform:OperatorApiKey must be at least {MinOperatorKeyLength} characters (or unset).", [nameof(OperatorApiKey)]);
    }
}
