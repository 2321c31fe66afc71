namespace AgentPlatform.SearchApi.Searching;

public enum SearchMode
{
    Hybrid,
    Semantic,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("fulltext")] FullText,
}

public enum TagMatch { All, Any }

/// <summary>Filters shared by every mode; each is applied inside the engines (never after), so limits stay exact.
/// AgentId keeps the entries that belong to that agent.</summary>
public sealed record SearchFilters(
    string? Category = null,
    IReadOnlyList<string>? Tags = null,
    TagMatch TagMatch = TagMatch.All,
    string? AgentId = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null);

public sealed record SearchRequest(string? Query, SearchMode Mode = SearchMode.Hybrid, int Limit = SearchRequest.DefaultLimit, SearchFilters? Filters = null, bool Explain = false)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
    public const int MaxQueryLength = 2048;
}

/// <summary>An engine's view of a hit (explain mode): its rank among distinct entries and its own score.</summary>
public sealed record EngineExplanation(int Rank, double RawScore);

public sealed record SearchHit(
    Guid EntryId,
    string Title,
    string? Category,
    IReadOnlyList<string> Tags,
    double Score,
    string? BestChunk,
    int? BestChunkIndex,
    IReadOnlyList<string> Highlights,
    IReadOnlyDictionary<string, EngineExplanation>? Explain);

public sealed record SearchResponse(string Query, SearchMode Mode, IReadOnlyList<SearchHit> Hits, IReadOnlyList<string> Warnings, double TookMs);
