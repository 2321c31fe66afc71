namespace AgentPlatform.Contracts;

/// <summary>Recall from memory. Context asks for up to that many neighbouring turns before and after each message hit.</summary>
public sealed record MemorySearchRequest(
    string? Query,
    SearchMode Mode = SearchMode.Hybrid,
    int Limit = SearchRequest.DefaultLimit,
    MemoryFilters? Filters = null,
    MemoryScope Scope = MemoryScope.Conversations,
    int Context = 0,
    bool Explain = false)
{
    public const int MaxContext = 10;
}
