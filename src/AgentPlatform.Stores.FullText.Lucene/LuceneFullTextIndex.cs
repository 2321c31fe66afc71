using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Lucene.Net.Analysis;
using Lucene.Net.Search;
using static AgentPlatform.Storage.FullText.FullTextSchema;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>Local full-text backend: one Lucene.NET index directory per index under <paramref name="rootDirectory"/>.
/// Register it as a singleton: it owns the process's IndexWriter for each directory.</summary>
/// <param name="idleMergeDelay">How long after its last write this process merges an index it writes into one segment
/// (<see cref="LuceneFullTextSettings.IdleMergeDelay"/>); zero, the default here: never.</param>
/// <param name="timeProvider">The idle merge's clock (the system's when null).</param>
public sealed class LuceneFullTextIndex(string rootDirectory, TimeSpan idleMergeDelay = default, TimeProvider? timeProvider = null) : IFullTextIndex, IDisposable
{
    /// <summary>With another size up to which an index is always merged when idle (the tests' small indexes stand for large ones).</summary>
    internal LuceneFullTextIndex(string rootDirectory, TimeSpan idleMergeDelay, TimeProvider? timeProvider, long idleMergeAlwaysBytes)
        : this(rootDirectory, idleMergeDelay, timeProvider) => _idleMergeAlwaysBytes = idleMergeAlwaysBytes;

    private readonly long _idleMergeAlwaysBytes = LuceneIndexDirectory.IdleMergeAlwaysBytes;

    /// <summary>The integration's spans: one per write or search of an index directory, named for the index method.</summary>
    public static readonly StoreActivitySource Activities = new("AgentPlatform.Stores.FullText.Lucene", "lucene");

    private readonly Analyzer _analyzer = LuceneDocuments.CreateAnalyzer();
    private readonly Dictionary<FullTextIndexName, LuceneIndexDirectory> _indices = [];
    private readonly RewrittenTextQueries _rewritten = new(RewrittenQueryCapacity);

    /// <summary>Distinct (tenant, text) queries whose rewritten form is kept for the highlight pass that follows.</summary>
    private const int RewrittenQueryCapacity = 1024;
    private static readonly Sort NewestFirst = new(new SortField(CreatedAt, SortFieldType.INT64, reverse: true));

    public Task EnsureCreatedAsync(CancellationToken ct)
    {
        foreach (var index in Enum.GetValues<FullTextIndexName>())
        {
            ct.ThrowIfCancellationRequested();
            Directory(index).EnsureCreated();
        }
        return Task.CompletedTask;
    }

    public Task IndexAsync(FullTextIndexName index, IReadOnlyList<FullTextDocument> documents, CancellationToken ct)
    {
        Validate(documents);
        if (documents.Count == 0) return Task.CompletedTask;
        return Directory(index).WriteAsync(writer =>
        {
            foreach (var document in documents)
                writer.UpdateDocument(LuceneDocuments.KeyTerm(document.TenantId, document.Id), LuceneDocuments.ToLucene(document));
        }, ct);
    }

    public Task DeleteAsync(FullTextIndexName index, string tenantId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        if (ids.Count == 0) return Task.CompletedTask;
        var keys = ids.Select(id => LuceneDocuments.KeyTerm(tenantId, id)).ToArray();
        return Directory(index).WriteAsync(writer => writer.DeleteDocuments(keys), ct);
    }

    public Task<FullTextResult> SearchAsync(FullTextIndexName index, FullTextQuery query, CancellationToken ct)
    {
        Validate(query);
        ct.ThrowIfCancellationRequested();
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var filters = LuceneQueries.Filters(query.TenantId, query.Filter, query.Ids);
        var result = Directory(index).Search(searcher =>
        {
            // Text without a searchable term ("?!") matches nothing, as in Elasticsearch; no text at all lists everything.
            // Rewritten once: fuzzy parts expand to index terms here, and the highlighter reuses the expansion.
            var textQuery = hasText
                ? _rewritten.GetOrBuild(searcher, query.TenantId, query.Text, query.Fuzzy,
                    () => LuceneQueries.Text(_analyzer, searcher, query.TenantId, query.Text, query.Fuzzy, ct)) ?? new BooleanQuery()
                : null;
            var wanted = query.Offset + query.Limit;
            // Without search terms there is no relevance: list newest first. Collectors take documents in order: one that
            // accepts them out of order lets Lucene build a BooleanScorer (2,048 buckets) for the text clause of every
            // segment, only to drop it because the clause is required; in order it scores the same hits without them.
            ITopDocsCollector collector = textQuery is null
                ? TopFieldCollector.Create(NewestFirst, wanted, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: true)
                : TopScoreDocCollector.Create(wanted, docsScoredInOrder: true);
            searcher.Search(Restrict(textQuery, filters), new CancellableCollector(collector, ct));
            var top = collector.GetTopDocs();
            var highlightQuery = query.Highlight ? textQuery : null;
            var hits = top.ScoreDocs.Skip(query.Offset).Select(scoreDoc =>
            {
                ct.ThrowIfCancellationRequested();
                var document = LuceneDocuments.Read(searcher, scoreDoc.Doc, withContent: query.WithContent || highlightQuery is not null);
                var highlights = highlightQuery is not null
                    ? LuceneQueries.Highlights(_analyzer, highlightQuery, document.Content)
                    : [];
                return new FullTextHit(query.WithContent ? document : document with { Content = "" }, float.IsNaN(scoreDoc.Score) ? 0 : scoreDoc.Score, highlights);
            }).ToList();
            return new FullTextResult(hits, top.TotalHits);
        }, new FullTextResult([], 0));
        return Task.FromResult(result);
    }

    public Task<FullTextAggregations> AggregateAsync(FullTextIndexName index, FullTextAggregationRequest request, CancellationToken ct)
    {
        Validate(request);
        ct.ThrowIfCancellationRequested();
        var filters = LuceneQueries.Filters(request.TenantId, request.Filter);
        var result = Directory(index).Search(
            searcher => LuceneAggregations.Compute(searcher, filters, request),
            new FullTextAggregations(0, [], []));
        return Task.FromResult(result);
    }

    public void Dispose()
    {
        lock (_indices)
        {
            foreach (var directory in _indices.Values) directory.Dispose();
            _indices.Clear();
        }
        _analyzer.Dispose();
    }

    private static Query Restrict(Query? textQuery, Query filters)
    {
        // The filters only restrict: a zero boost keeps them out of the score.
        filters.Boost = 0;
        return new BooleanQuery
        {
            { textQuery ?? new MatchAllDocsQuery(), Occur.MUST },
            { filters, Occur.MUST },
        };
    }

    private LuceneIndexDirectory Directory(FullTextIndexName index)
    {
        lock (_indices)
        {
            if (!_indices.TryGetValue(index, out var directory))
                _indices[index] = directory = new LuceneIndexDirectory(Path.Combine(rootDirectory, IndexName(index)), _analyzer,
                    idleMergeDelay, _idleMergeAlwaysBytes, timeProvider ?? TimeProvider.System);
            return directory;
        }
    }
}
