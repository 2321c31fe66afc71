using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Recall: memory search over the tenant's conversations, its knowledge, or both (Search.Api,
/// POST /v1/memory/search). Against a Search.Api that does not serve memory search yet (404), the same request is
/// answered from conversation search (full text) and knowledge search, with a warning saying what that lacks.</summary>
public sealed class MemoryClient
{
    private const int FusionK = 60;
    private readonly PlatformHttp _search;
    private readonly ConversationsClient _conversations;
    private readonly SearchClient _knowledge;

    internal MemoryClient(PlatformHttp search, ConversationsClient conversations, SearchClient knowledge) =>
        (_search, _conversations, _knowledge) = (search, conversations, knowledge);

    public async Task<MemorySearchResponse> SearchAsync(MemorySearchRequest request, CancellationToken ct = default)
    {
        try
        {
            return await _search.SendAsync<MemorySearchResponse>(HttpMethod.Post, "/v1/memory/search", request, ct);
        }
        catch (AgentPlatformNotFoundException)
        {
            return await SearchWithoutMemorySearchAsync(request, ct);
        }
    }

    private async Task<MemorySearchResponse> SearchWithoutMemorySearchAsync(MemorySearchRequest request, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var filters = request.Filters ?? new MemoryFilters();
        var warnings = new List<string> { "memory search (POST /v1/memory/search) is not deployed: conversations were searched by full text only, without context turns." };
        var conversationHits = request.Scope is MemoryScope.Conversations or MemoryScope.All
            ? SearchConversationsAsync(request, filters, warnings, ct)
            : Task.FromResult<IReadOnlyList<MemoryHit>>([]);
        var knowledgeHits = request.Scope is MemoryScope.Knowledge or MemoryScope.All
            ? SearchKnowledgeAsync(request, filters, ct)
            : Task.FromResult<IReadOnlyList<MemoryHit>>([]);
        var lists = await Task.WhenAll(conversationHits, knowledgeHits);
        // Scores of the two searches are not on one scale, so both lists are fused by rank.
        var hits = lists.SelectMany(list => list.Select((hit, rank) => (hit, fused: 1.0 / (FusionK + rank + 1))))
            .OrderByDescending(h => h.fused).Take(request.Limit).Select(h => h.hit).ToList();
        return new MemorySearchResponse(request.Query ?? "", request.Mode, request.Scope, hits, warnings, (DateTimeOffset.UtcNow - started).TotalMilliseconds);
    }

    private async Task<IReadOnlyList<MemoryHit>> SearchConversationsAsync(MemorySearchRequest request, MemoryFilters filters, List<string> warnings, CancellationToken ct)
    {
        var found = await _conversations.SearchAsync(new ConversationSearchRequest(request.Query, filters.AgentId, filters.SessionId, filters.UserId,
            filters.CreatedFrom, filters.CreatedTo, request.Limit), ct);
        var hits = found.Hits.Where(h => filters.Role is null || h.Role == filters.Role).ToList();
        if (filters.Role is not null) warnings.Add("the role filter was applied to the full-text hits after the search.");
        return [.. hits.Select(h => new MemoryHit(MemoryHitKind.Message, h.MessageId, h.SessionId, h.AgentId, h.UserId, h.Role, null, h.Snippet,
            h.CreatedAt, h.Score, h.Highlights, null, null, null))];
    }

    private async Task<IReadOnlyList<MemoryHit>> SearchKnowledgeAsync(MemorySearchRequest request, MemoryFilters filters, CancellationToken ct)
    {
        var found = await _knowledge.SearchAsync(new SearchRequest(request.Query, request.Mode, request.Limit,
            new SearchFilters(AgentId: filters.AgentId, CreatedFrom: filters.CreatedFrom, CreatedTo: filters.CreatedTo), request.Explain), ct);
        // Knowledge search hits carry no creation time; CreatedAt stays unset (the minimum) for them.
        return [.. found.Hits.Select(h => new MemoryHit(MemoryHitKind.Knowledge, h.EntryId, null, filters.AgentId, null, null, h.Title,
            h.BestChunk ?? h.Title, DateTimeOffset.MinValue, h.Score, h.Highlights, null, null, h.Explain))];
    }
}
