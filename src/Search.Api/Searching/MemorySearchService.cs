using System.Diagnostics;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.Options;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Recall from an agent's memory: its conversation messages by meaning (the memory collection of the vector
/// store) and by keyword (the full-text "conversations" index), fused by normalised scores (or by rank,
/// <see cref="SearchOptions.Fusion"/>), one hit per message (a vector holds one passage of it: its best passage ranks it,
/// its whole text is read back), the turns near the strongest hits lifted (<see cref="NeighbourBoost"/>); optionally its knowledge too (scope knowledge or all), fused by rank with the
/// messages. Engines run in parallel, each under Search:EngineTimeout; a failed engine becomes a warning.</summary>
public sealed class MemorySearchService(
    IVectorCollections vectors,
    TenantVectorModels models,
    IFullTextIndex fullText,
    IConversationHistory conversations,
    KnowledgeSearchService knowledge,
    QueryEmbeddings embeddings,
    IOptions<SearchOptions> options,
    IOptions<MemorySearchOptions> memoryOptions,
    ILogger<MemorySearchService> logger)
{
    private const string SemanticEngine = KnowledgeSearchService.SemanticEngine;
    private const string FullTextEngine = KnowledgeSearchService.FullTextEngine;
    private const string ConversationsList = "conversations";
    private const string KnowledgeList = "knowledge";
    /// <summary>The explain entry of a hit lifted by a neighbouring strong hit: that hit's rank and the boost.</summary>
    private const string NeighbourExplanation = "neighbour";

    /// <summary>What one engine knows of a message hit: the full-text document holds the whole message, a vector the passage
    /// that matched, a neighbour (read from the document store) the whole message.</summary>
    private sealed record MessageDetail(ConversationMessage Message, IReadOnlyList<string> Highlights);

    public async Task<MemorySearchResponse> SearchAsync(string tenantId, MemorySearchRequest request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var query = request.Query!.Trim();
        var warnings = new List<string>();
        // One read of the tenant's model for messages and knowledge alike, so no answer mixes two models.
        var vectorSpace = request.Mode is SearchMode.Semantic or SearchMode.Hybrid ? models.ActiveAsync(tenantId, ct) : null;
        var messagesTask = request.Scope is MemoryScope.Conversations or MemoryScope.All
            ? MessagesAsync(tenantId, vectorSpace, query, request, warnings, ct)
            : Task.FromResult<IReadOnlyList<MemoryHit>?>(null);
        var knowledgeTask = request.Scope is MemoryScope.Knowledge or MemoryScope.All
            ? KnowledgeAsync(tenantId, vectorSpace, query, request, warnings, ct)
            : Task.FromResult<IReadOnlyList<MemoryHit>?>(null);
        var (messages, entries) = (await messagesTask, await knowledgeTask);
        if (messages is null && entries is null)
            throw new AllEnginesFailedException(warnings);

        IReadOnlyList<MemoryHit> hits = (messages, entries) switch
        {
            ({ } m, { } k) => FuseScopes(m, k, request.Limit),
            ({ } m, null) => m,
            _ => entries!,
        };
        if (request.Context > 0)
            hits = await WithContextAsync(tenantId, hits, request.Context, ct);
        return new MemorySearchResponse(query, request.Mode, request.Scope, hits, warnings, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Null when every engine failed (each failure is in the warnings).</summary>
    private async Task<IReadOnlyList<MemoryHit>?> MessagesAsync(string tenantId, Task<string>? vectorSpace, string query, MemorySearchRequest request, List<string> warnings, CancellationToken ct)
    {
        var o = options.Value;
        var filter = ToPortFilter(request.Filters);
        var candidates = Math.Max(request.Limit * o.CandidateFactor, o.MinimumCandidates);
        var engines = new List<(string Name, Task<IReadOnlyList<EngineHit<MessageDetail>>> Hits)>();
        if (request.Mode is SearchMode.Semantic or SearchMode.Hybrid)
            engines.Add((SemanticEngine, EngineRun.WithTimeoutAsync("memory " + SemanticEngine, o.EngineTimeout, t => SemanticAsync(tenantId, vectorSpace!, query, candidates, filter, t), ct)));
        if (request.Mode is SearchMode.FullText or SearchMode.Hybrid)
            engines.Add((FullTextEngine, EngineRun.WithTimeoutAsync("memory " + FullTextEngine, o.EngineTimeout, t => FullTextAsync(tenantId, query, candidates, filter, t), ct)));
        var lists = await EngineRun.CollectAsync(engines, o.EngineTimeout, "memory ", warnings, logger, tenantId, ct);
        if (lists.Count == 0)
            return null;
        var m = memoryOptions.Value;
        var weights = new Dictionary<string, double> { [SemanticEngine] = m.SemanticWeight, [FullTextEngine] = m.FullTextWeight };
        // Every candidate is fused: a boosted neighbour may come from below the limit.
        var fused = HybridFusion.Fuse(o, lists, weights);
        // Only a search by meaning brings in turns no engine found; a keyword search (full text alone, or hybrid while
        // the vector store is down) lifts only turns that hold its words.
        var found = lists.ContainsKey(SemanticEngine) ? null : fused.Select(f => f.EntryId).ToHashSet();
        var neighbours = m.NeighbourWeight > 0
            ? await NeighboursAsync(tenantId, fused.Take(request.Limit).ToList(), n => Meets(n, filter) && (found is null || found.Contains(n.Id)),
                m.NeighbourTurns, warnings, ct)
            : new Dictionary<Guid, IReadOnlyList<Neighbour<MessageDetail>>>();
        var ranked = NeighbourBoost.Apply(fused, neighbours, m.NeighbourWeight, request.Limit);
        var whole = await WholeMessagesAsync(tenantId, ranked, warnings, ct);
        return [.. ranked.Select(r =>
        {
            var f = r.Hit;
            f.Payloads.TryGetValue(FullTextEngine, out var text);
            var detail = text ?? (f.Payloads.TryGetValue(NeighbourBoost.PayloadKey, out var near) ? near : f.Payloads[SemanticEngine]);
            var message = whole.GetValueOrDefault(f.EntryId) ?? detail.Message;
            return new MemoryHit(MemoryHitKind.Message, message.Id, message.SessionId, message.AgentId, message.UserId, message.Role, null, message.Content,
                message.CreatedAt, Math.Round(r.Score, 6), text?.Highlights ?? [], null, null, request.Explain ? Explain(r) : null);
        })];
    }

    /// <summary>The whole message of each hit that only the vector store found (a vector holds one passage of it), read
    /// from the document store at once. Best effort: if that fails the hit shows its passage, and a warning says so.</summary>
    private async Task<IReadOnlyDictionary<Guid, ConversationMessage>> WholeMessagesAsync(string tenantId, IReadOnlyList<BoostedHit<MessageDetail>> ranked,
        List<string> warnings, CancellationToken ct)
    {
        var passages = ranked.Where(r => r.Hit.Payloads.Keys.All(k => k == SemanticEngine)).Select(r => r.Hit.EntryId).ToList();
        if (passages.Count == 0)
            return new Dictionary<Guid, ConversationMessage>();
        try
        {
            return (await conversations.GetMessagesAsync(tenantId, passages, ct)).ToDictionary(x => x.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (warnings) warnings.Add($"memory message read failed: {ex.Message}. Hits found by meaning alone show the passage that matched.");
            logger.LogWarning(ex, "Reading the messages of semantic hits failed for tenant {Tenant}", tenantId);
            return new Dictionary<Guid, ConversationMessage>();
        }
    }

    private static Dictionary<string, EngineExplanation> Explain<T>(BoostedHit<T> hit)
    {
        var explained = hit.Hit.Contributions.ToDictionary(c => c.Engine, c => new EngineExplanation(c.Rank, c.RawScore));
        if (hit.BoostedByRank is { } rank)
            explained[NeighbourExplanation] = new EngineExplanation(rank, Math.Round(hit.Boost, 6));
        return explained;
    }

    /// <summary>The turns before and after each strong hit that the search may show, read side by side. Best effort:
    /// without them the hits keep their fused order, so a failure becomes a warning.</summary>
    private async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Neighbour<MessageDetail>>>> NeighboursAsync(string tenantId,
        IReadOnlyList<FusedHit<MessageDetail>> strong, Func<ConversationMessage, bool> shown, int turns, List<string> warnings, CancellationToken ct)
    {
        try
        {
            var found = await Task.WhenAll(strong.Select(f => conversations.GetNeighboursAsync(tenantId, f.Payloads.Values.First().Message.SessionId, f.EntryId, turns, ct)));
            return strong.Select((f, i) => (f.EntryId, Neighbours: found[i]))
                .Where(x => x.Neighbours is not null)
                .ToDictionary(x => x.EntryId, x => (IReadOnlyList<Neighbour<MessageDetail>>)[.. x.Neighbours!.Before.Concat(x.Neighbours.After)
                    .Where(shown)
                    .Select(n => new Neighbour<MessageDetail>(n.Id, new MessageDetail(n, [])))]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (warnings) warnings.Add($"memory neighbour boost failed: {ex.Message}. Hits are ranked without it.");
            logger.LogWarning(ex, "Neighbour lookup failed for tenant {Tenant}", tenantId);
            return new Dictionary<Guid, IReadOnlyList<Neighbour<MessageDetail>>>();
        }
    }

    /// <summary>Whether a turn of a hit's session meets the filters the engines applied (agent and session hold already).</summary>
    private static bool Meets(ConversationMessage message, SearchFilter filter) =>
        (filter.UserId is null || filter.UserId == message.UserId)
        && filter.Tags.All(tag => tag == ConversationDocuments.RoleTag(message.Role))
        && (filter.From is null || message.CreatedAt >= filter.From)
        && (filter.To is null || message.CreatedAt < filter.To);

    private async Task<IReadOnlyList<EngineHit<MessageDetail>>> SemanticAsync(string tenantId, Task<string> vectorSpace, string query, int candidates, SearchFilter filter, CancellationToken ct)
    {
        var space = await vectorSpace;
        var embedding = await embeddings.EmbedAsync(tenantId, space, query, ct);
        var hits = await vectors.Memory(space).QueryAsync(tenantId, embedding, candidates, filter, ct);
        var found = new List<EngineHit<MessageDetail>>(hits.Count);
        foreach (var h in hits)
        {
            var r = h.Record;
            if (!Guid.TryParse(r.SessionId, out var sessionId) || r.AgentId is null || r.Tags is not [var roleTag]
                || !Enum.TryParse<MessageRole>(roleTag, ignoreCase: true, out var role))
                continue;
            var message = new ConversationMessage
            {
                Id = r.EntryId, TenantId = tenantId, SessionId = sessionId, AgentId = r.AgentId, UserId = r.UserId,
                Role = role, Content = r.Text, CreatedAt = r.CreatedAt,
            };
            // The first chunk was embedded behind the speaker's heading; the passage shows the message's words alone.
            var text = ConversationDocuments.WithoutHeading(r.ChunkIndex, r.Text);
            found.Add(new EngineHit<MessageDetail>(r.EntryId, h.Similarity, new MessageDetail(message with { Content = text }, [])));
        }
        return found;
    }

    private async Task<IReadOnlyList<EngineHit<MessageDetail>>> FullTextAsync(string tenantId, string query, int candidates, SearchFilter filter, CancellationToken ct)
    {
        var text = memoryOptions.Value.IgnoreQuestionWords ? QuestionWords.Remove(query) : query;
        var result = await fullText.SearchAsync(FullTextIndexName.Conversations, new FullTextQuery(tenantId, text, filter, 0, candidates), ct);
        var found = new List<EngineHit<MessageDetail>>(result.Hits.Count);
        foreach (var h in result.Hits)
        {
            if (ConversationDocuments.ToMessage(h.Document) is { } message)
                found.Add(new EngineHit<MessageDetail>(message.Id, h.Score, new MessageDetail(message, h.Highlights)));
        }
        return found;
    }

    /// <summary>Knowledge search with the filters that apply to entries (agent, time); null when it failed.</summary>
    private async Task<IReadOnlyList<MemoryHit>?> KnowledgeAsync(string tenantId, Task<string>? vectorSpace, string query, MemorySearchRequest request, List<string> warnings, CancellationToken ct)
    {
        var f = request.Filters;
        try
        {
            var answer = await knowledge.SearchAsync(tenantId, new SearchRequest(query, request.Mode, request.Limit,
                new SearchFilters(AgentId: f?.AgentId, CreatedFrom: f?.CreatedFrom, CreatedTo: f?.CreatedTo), request.Explain), vectorSpace, ct);
            warnings.AddRange(answer.Warnings.Select(w => "knowledge " + w));
            return [.. answer.Hits.Select(h => new MemoryHit(MemoryHitKind.Knowledge, h.EntryId, null, null, null, null, h.Title,
                h.BestChunk ?? h.Highlights.FirstOrDefault() ?? "", default, h.Score, h.Highlights, null, null, h.Explain))];
        }
        catch (AllEnginesFailedException failed)
        {
            warnings.AddRange(failed.Warnings.Select(w => "knowledge " + w));
            return null;
        }
    }

    /// <summary>Messages and knowledge ranked together by reciprocal rank fusion of the two ranked lists.</summary>
    private IReadOnlyList<MemoryHit> FuseScopes(IReadOnlyList<MemoryHit> messages, IReadOnlyList<MemoryHit> entries, int limit)
    {
        var byId = messages.Concat(entries).GroupBy(h => h.Id).ToDictionary(g => g.Key, g => g.First());
        var fused = ReciprocalRankFusion.Fuse(new Dictionary<string, IReadOnlyList<EngineHit<MemoryHit>>>
        {
            [ConversationsList] = [.. messages.Select(h => new EngineHit<MemoryHit>(h.Id, h.Score, h))],
            [KnowledgeList] = [.. entries.Select(h => new EngineHit<MemoryHit>(h.Id, h.Score, h))],
        }, k: options.Value.RrfK, limit: limit);
        return [.. fused.Select(f => byId[f.EntryId] with { Score = Math.Round(f.NormalizedScore, 6) })];
    }

    /// <summary>The turns around each message hit, read side by side; a message gone meanwhile keeps empty context.</summary>
    private async Task<IReadOnlyList<MemoryHit>> WithContextAsync(string tenantId, IReadOnlyList<MemoryHit> hits, int context, CancellationToken ct)
    {
        var neighbours = await Task.WhenAll(hits.Select(h => h is { Kind: MemoryHitKind.Message, SessionId: { } session }
            ? conversations.GetNeighboursAsync(tenantId, session, h.Id, context, ct)
            : Task.FromResult<MessageNeighbours?>(null)));
        return [.. hits.Select((h, i) => h.Kind != MemoryHitKind.Message ? h : h with
        {
            Before = [.. (neighbours[i]?.Before ?? []).Select(MessageMapping.ToResponse)],
            After = [.. (neighbours[i]?.After ?? []).Select(MessageMapping.ToResponse)],
        })];
    }

    private static SearchFilter ToPortFilter(MemoryFilters? filters) => filters is null ? new SearchFilter() : new SearchFilter
    {
        AgentId = filters.AgentId,
        // Indexed in "D" form; any form the caller used names the same session (validated as a GUID).
        SessionId = filters.SessionId is { } session ? Guid.Parse(session).ToString("D") : null,
        UserId = filters.UserId,
        Tags = filters.Role is { } role ? [ConversationDocuments.RoleTag(role)] : [],
        From = filters.CreatedFrom,
        To = filters.CreatedTo,
    };
}
