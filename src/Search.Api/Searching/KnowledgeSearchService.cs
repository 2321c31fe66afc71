using AgentPlatform.Contracts;
using System.Diagnostics;
using AgentPlatform.Domain;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.Options;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Runs the engines a mode needs in parallel, each under its own time limit, then fuses them
/// (<see cref="SearchOptions.Fusion"/>) into one hit per entry.</summary>
public sealed class KnowledgeSearchService(
    IVectorCollections vectors,
    TenantVectorModels models,
    IFullTextIndex fullText,
    IKnowledgeDocumentStore documents,
    QueryEmbeddings embeddings,
    IOptions<SearchOptions> options,
    ILogger<KnowledgeSearchService> logger)
{
    public const string SemanticEngine = "semantic";
    public const string FullTextEngine = "fulltext";
    public const string StructuredEngine = "structured";

    /// <summary>What one engine contributes per hit: the title (every engine; null on chunks indexed before the vector
    /// index stored titles) and the best chunk (semantic).</summary>
    private sealed record HitDetail(string? Title, string? Chunk, int? ChunkIndex, string? Category, IReadOnlyList<string> Tags);

    public Task<SearchResponse> SearchAsync(string tenantId, SearchRequest request, CancellationToken ct) =>
        SearchAsync(tenantId, request, request.Mode is SearchMode.Semantic or SearchMode.Hybrid ? models.ActiveAsync(tenantId, ct) : null, ct);

    /// <summary>With the tenant's active vector space read once for the whole request (memory search's knowledge scope
    /// shares its own), so no answer mixes two models; awaited inside the semantic engine, so a vector store that
    /// cannot say fails that engine alone.</summary>
    public async Task<SearchResponse> SearchAsync(string tenantId, SearchRequest request, Task<string>? vectorSpace, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var o = options.Value;
        var query = request.Query!.Trim();
        var filter = ToPortFilter(request.Filters);
        var candidates = Math.Max(request.Limit * o.CandidateFactor, o.MinimumCandidates);

        var engines = new List<(string Name, Task<IReadOnlyList<EngineHit<HitDetail>>> Hits)>();
        if (request.Mode is SearchMode.Semantic or SearchMode.Hybrid)
            engines.Add((SemanticEngine, RunWithTimeoutAsync(SemanticEngine, t => SemanticAsync(tenantId, vectorSpace!, query, candidates, filter, t), ct)));
        if (request.Mode is SearchMode.FullText or SearchMode.Hybrid)
            engines.Add((FullTextEngine, RunWithTimeoutAsync(FullTextEngine, t => FullTextAsync(tenantId, query, candidates, filter, t), ct)));
        if (request.Mode is SearchMode.Structured || (request.Mode is SearchMode.Hybrid && o.StructuredWeight > 0))
            engines.Add((StructuredEngine, RunWithTimeoutAsync(StructuredEngine, t => StructuredAsync(tenantId, query, candidates, filter, t), ct)));

        var warnings = new List<string>();
        var lists = await EngineRun.CollectAsync(engines, o.EngineTimeout, "", warnings, logger, tenantId, ct);
        if (lists.Count == 0)
            throw new AllEnginesFailedException(warnings);

        var weights = new Dictionary<string, double>
        {
            [SemanticEngine] = o.SemanticWeight, [FullTextEngine] = o.FullTextWeight,
            // Asked for alone, structured ranks by itself whatever its hybrid weight.
            [StructuredEngine] = request.Mode is SearchMode.Structured ? 1.0 : o.StructuredWeight,
        };
        var fused = HybridFusion.Fuse(o, lists, weights, request.Limit);
        // Highlights (full-text hits) and the titles no engine carried (chunks indexed before titles were stored) are
        // fetched side by side.
        var highlightsTask = HighlightAsync(tenantId, query, filter, fused, warnings, ct);
        var titlesTask = TitlesAsync(tenantId, [.. fused.Where(f => f.Payloads.Values.All(p => p.Title is null)).Select(f => f.EntryId)], warnings, ct);
        var highlights = await highlightsTask;
        var titles = await titlesTask;
        var hits = new List<SearchHit>(fused.Count);
        foreach (var f in fused)
        {
            f.Payloads.TryGetValue(SemanticEngine, out var semantic);
            f.Payloads.TryGetValue(FullTextEngine, out var text);
            f.Payloads.TryGetValue(StructuredEngine, out var structured);
            var title = text?.Title ?? structured?.Title ?? semantic?.Title ?? titles.GetValueOrDefault(f.EntryId);
            var detail = text ?? structured ?? semantic!;
            hits.Add(new SearchHit(
                f.EntryId,
                title ?? "",
                detail.Category,
                detail.Tags,
                // One engine alone: its own ranking, scored by fused share so modes stay comparable.
                Math.Round(f.NormalizedScore, 6),
                semantic?.Chunk,
                semantic?.ChunkIndex,
                highlights.GetValueOrDefault(f.EntryId, []),
                request.Explain ? f.Contributions.ToDictionary(c => c.Engine, c => new EngineExplanation(c.Rank, c.RawScore)) : null));
        }
        return new SearchResponse(query, request.Mode, hits, warnings, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<IReadOnlyList<EngineHit<HitDetail>>> SemanticAsync(string tenantId, Task<string> vectorSpace, string query, int candidates, SearchFilter filter, CancellationToken ct)
    {
        var space = await vectorSpace;
        var embedding = await embeddings.EmbedAsync(tenantId, space, query, ct);
        var hits = await vectors.Knowledge(space).QueryAsync(tenantId, embedding, candidates, filter, ct);
        return hits.Select(h => new EngineHit<HitDetail>(h.Record.EntryId, h.Similarity,
            new HitDetail(h.Record.Title, h.Record.Text, h.Record.ChunkIndex, h.Record.Category, h.Record.Tags))).ToList();
    }

    private async Task<IReadOnlyList<EngineHit<HitDetail>>> FullTextAsync(string tenantId, string query, int candidates, SearchFilter filter, CancellationToken ct)
    {
        // Candidates come without highlights or content: most are dropped by the fusion, and only their titles are shown.
        var result = await fullText.SearchAsync(FullTextIndexName.Knowledge,
            new FullTextQuery(tenantId, query, filter, 0, candidates, Highlight: false, WithContent: false), ct);
        var hits = new List<EngineHit<HitDetail>>(result.Hits.Count);
        foreach (var h in result.Hits)
        {
            if (!Guid.TryParse(h.Document.Id, out var entryId)) continue;
            hits.Add(new EngineHit<HitDetail>(entryId, h.Score,
                new HitDetail(h.Document.Title, null, null, h.Document.Category, h.Document.Tags)));
        }
        return hits;
    }

    /// <summary>The document store's own text search over the knowledge documents (title and content), filtered alike.</summary>
    private async Task<IReadOnlyList<EngineHit<HitDetail>>> StructuredAsync(string tenantId, string query, int candidates, SearchFilter filter, CancellationToken ct)
    {
        var hits = await documents.SearchTextAsync(tenantId, query, filter, candidates, ct);
        return hits.Select(h => new EngineHit<HitDetail>(h.Document.EntryId, h.Score,
            new HitDetail(h.Document.Title, null, null, h.Document.Category, h.Document.Tags))).ToList();
    }

    /// <summary>Titles from the document store, looked up concurrently, for hits whose chunks carry none. Best effort:
    /// the hits are right without them, so a failure becomes a warning and the titles stay empty.</summary>
    private async Task<IReadOnlyDictionary<Guid, string>> TitlesAsync(string tenantId, IReadOnlyList<Guid> entryIds, List<string> warnings, CancellationToken ct)
    {
        if (entryIds.Count == 0) return new Dictionary<Guid, string>();
        try
        {
            var documentsFound = await Task.WhenAll(entryIds.Select(id => documents.GetAsync(tenantId, id, ct)));
            return documentsFound.OfType<KnowledgeDocument>().ToDictionary(d => d.EntryId, d => d.Title);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (warnings) warnings.Add($"titles failed: {ex.Message}. Some hits are returned without their title.");
            logger.LogWarning(ex, "Title lookup failed for tenant {Tenant}", tenantId);
            return new Dictionary<Guid, string>();
        }
    }

    /// <summary>Highlights for the kept hits the full-text engine found, in one query restricted to their ids. Best effort:
    /// without them the hits are still right, so a failure becomes a warning.</summary>
    private async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> HighlightAsync(
        string tenantId, string query, SearchFilter filter, IReadOnlyList<FusedHit<HitDetail>> fused, List<string> warnings, CancellationToken ct)
    {
        string[] ids = [.. fused.Where(f => f.Payloads.ContainsKey(FullTextEngine)).Select(f => f.EntryId.ToString())];
        if (ids.Length == 0) return new Dictionary<Guid, IReadOnlyList<string>>();
        try
        {
            var result = await RunWithTimeoutAsync("highlight", t => fullText.SearchAsync(FullTextIndexName.Knowledge,
                new FullTextQuery(tenantId, query, filter, 0, ids.Length, Ids: ids), t), ct);
            var highlights = new Dictionary<Guid, IReadOnlyList<string>>(result.Hits.Count);
            foreach (var hit in result.Hits)
            {
                if (Guid.TryParse(hit.Document.Id, out var entryId)) highlights[entryId] = hit.Highlights;
            }
            return highlights;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (warnings) warnings.Add($"highlights failed: {(ex is TimeoutException ? "timed out" : ex.Message)}. Hits are returned without them.");
            logger.LogWarning(ex, "Highlighting failed for tenant {Tenant}", tenantId);
            return new Dictionary<Guid, IReadOnlyList<string>>();
        }
    }

    private Task<T> RunWithTimeoutAsync<T>(string engine, Func<CancellationToken, Task<T>> run, CancellationToken ct) =>
        EngineRun.WithTimeoutAsync(engine, options.Value.EngineTimeout, run, ct);

    private static SearchFilter ToPortFilter(SearchFilters? filters) => filters is null ? new SearchFilter() : new SearchFilter
    {
        Category = filters.Category is null ? null : Validation.TextRules.Nfc(filters.Category),
        Tags = Knowledge.KnowledgeRules.NormalizeTags(filters.Tags),
        MatchAnyTag = filters.TagMatch == TagMatch.Any,
        AgentId = filters.AgentId,
        From = filters.CreatedFrom,
        To = filters.CreatedTo,
    };
}
