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

    /// <summary>What one engine contributes per hit: the title, category and tags (full text, structured) or the best
    /// chunk's index (semantic, whose kept hits are completed from the document store).</summary>
    private sealed record HitDetail(string? Title, int? ChunkIndex, string? Category, IReadOnlyList<string> Tags);

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
        // Highlights (full-text hits) and the documents of the semantic hits (their chunk text, and the title,
        // category and tags of those no other engine found) are fetched side by side.
        var highlightsTask = HighlightAsync(tenantId, query, filter, fused, warnings, ct);
        var documentsTask = DocumentsAsync(tenantId, [.. fused.Where(f => f.Payloads.ContainsKey(SemanticEngine)).Select(f => f.EntryId)], warnings, ct);
        var highlights = await highlightsTask;
        var documentsOfHits = await documentsTask;
        var hits = new List<SearchHit>(fused.Count);
        foreach (var f in fused)
        {
            f.Payloads.TryGetValue(SemanticEngine, out var semantic);
            f.Payloads.TryGetValue(FullTextEngine, out var text);
            f.Payloads.TryGetValue(StructuredEngine, out var structured);
            var document = documentsOfHits.GetValueOrDefault(f.EntryId);
            var detail = text ?? structured;
            hits.Add(new SearchHit(
                f.EntryId,
                detail?.Title ?? document?.Title ?? "",
                detail is null ? document?.Category : detail.Category,
                detail?.Tags ?? document?.Tags ?? [],
                // One engine alone: its own ranking, scored by fused share so modes stay comparable.
                Math.Round(f.NormalizedScore, 6),
                semantic is null ? null : document?.Chunks.FirstOrDefault(c => c.Index == semantic.ChunkIndex)?.Text,
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
        var matches = await vectors.Knowledge(space).MatchAsync(tenantId, embedding, candidates, filter, ct);
        return matches.Select(m => new EngineHit<HitDetail>(m.EntryId, m.Similarity, new HitDetail(null, m.ChunkIndex, null, []))).ToList();
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
                new HitDetail(h.Document.Title, null, h.Document.Category, h.Document.Tags)));
        }
        return hits;
    }

    /// <summary>The document store's own text search over the knowledge documents (title and content), filtered alike.</summary>
    private async Task<IReadOnlyList<EngineHit<HitDetail>>> StructuredAsync(string tenantId, string query, int candidates, SearchFilter filter, CancellationToken ct)
    {
        var hits = await documents.SearchTextAsync(tenantId, query, filter, candidates, ct);
        return hits.Select(h => new EngineHit<HitDetail>(h.Document.EntryId, h.Score,
            new HitDetail(h.Document.Title, null, h.Document.Category, h.Document.Tags))).ToList();
    }

    /// <summary>The kept semantic hits' documents, in one read of the document store (only the few kept, not every
    /// candidate). Best effort: the hits are right without them, so a failure becomes a warning and those hits go
    /// without their chunk (and, found by no other engine, without title, category and tags).</summary>
    private async Task<IReadOnlyDictionary<Guid, KnowledgeDocument>> DocumentsAsync(string tenantId, IReadOnlyList<Guid> entryIds, List<string> warnings, CancellationToken ct)
    {
        if (entryIds.Count == 0) return new Dictionary<Guid, KnowledgeDocument>();
        try
        {
            var found = await RunWithTimeoutAsync("documents", t => documents.GetManyAsync(tenantId, entryIds, t), ct);
            return found.ToDictionary(d => d.EntryId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (warnings) warnings.Add($"documents failed: {(ex is TimeoutException ? "timed out" : ex.Message)}. Semantic hits are returned without their chunk, and those no other engine found without their title.");
            logger.LogWarning(ex, "Reading the hits' documents failed for tenant {Tenant}", tenantId);
            return new Dictionary<Guid, KnowledgeDocument>();
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
