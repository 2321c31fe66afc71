using System.Text.RegularExpressions;

namespace AgentPlatform.Domain;

/// <summary>Tenant ids end up in collection names, index filters and file names, so their shape is strict.</summary>
public static partial class TenantIds
{
    public const int MaxLength = 48;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,47}$")]
    private static partial Regex Shape();

    public static bool IsValid(string? tenantId) => tenantId is not null && Shape().IsMatch(tenantId);

    public static string Require(string? tenantId) =>
        IsValid(tenantId)
            ? tenantId!
            : throw new ArgumentException(
                $"Tenant id must be 1-{MaxLength} characters of a-z, 0-9, '_' or '-', starting with a letter or digit.",
                nameof(tenantId));
}
