namespace AgentPlatform.Contracts;

/// <summary>Filters shared by every mode; each is applied inside the engines (never after), so limits stay exact.
/// AgentId keeps the entries that belong to that agent.</summary>
public sealed record SearchFilters(
    string? Category = null,
    IReadOnlyList<string>? Tags = null,
    TagMatch TagMatch = TagMatch.All,
    string? AgentId = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null);
