namespace AgentPlatform.Contracts;

public sealed record SearchRequest(string? Query, SearchMode Mode = SearchMode.Hybrid, int Limit = SearchRequest.DefaultLimit, SearchFilters? Filters = null, bool Explain = false)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
    public const int MaxQueryLength = 2048;
}
