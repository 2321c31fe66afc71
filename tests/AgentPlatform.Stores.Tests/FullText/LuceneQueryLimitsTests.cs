using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText;
using AgentPlatform.Storage.FullText.Lucene;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace AgentPlatform.Tests.FullText;

/// <summary>The work one full-text query may cause is bounded and stops at its deadline inside the engine (issue 14:
/// a long query of unknown words ran for seconds past Search.Api's engine timeout and stalled other clients' searches).</summary>
public sealed class LuceneQueryLimitsTests : IDisposable
{
    private const string Tenant = "tenant-a";
    private readonly RAMDirectory _directory = new();
    private readonly global::Lucene.Net.Analysis.Analyzer _analyzer = LuceneDocuments.CreateAnalyzer();
    private readonly DirectoryReader _reader;

    public LuceneQueryLimitsTests()
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneDocuments.Version, _analyzer)))
        {
            foreach (var (id, content) in new[] { ("d1", "vector search engines"), ("d2", "vector databases answer queries") })
            {
                writer.AddDocument(LuceneDocuments.ToLucene(new FullTextDocument
                {
                    Id = id, TenantId = Tenant, Title = "notes", Content = content, CreatedAt = DateTimeOffset.UnixEpoch,
                }));
            }
        }
        _reader = DirectoryReader.Open(_directory);
    }

    [Fact]
    public void A_long_query_of_unknown_words_gets_fuzzy_alternatives_for_a_bounded_number_of_them_and_matches_the_rest_exactly()
    {
        var words = Enumerable.Range(0, 3 * FullTextSchema.MaxFuzzyWords).Select(i => $"unknownword{i}").ToList();

        var query = (BooleanQuery)LuceneQueries.Text(_analyzer, new IndexSearcher(_reader), Tenant, string.Join(' ', words), fuzzy: true, TestContext.Current.CancellationToken)!;

        var fuzzy = query.Clauses.Select(c => c.Query).OfType<FuzzyQuery>().ToList();
        Assert.Equal(FullTextSchema.MaxFuzzyWords, fuzzy.Count);
        Assert.All(fuzzy, f => Assert.Equal(FullTextSchema.FuzzyBoost, f.Boost));
        Assert.Equal(words.Count, query.Clauses.Select(c => c.Query).OfType<TermQuery>().Count());
    }

    [Fact]
    public void Repeated_query_words_weigh_as_often_as_they_are_repeated()
    {
        var query = (BooleanQuery)LuceneQueries.Text(_analyzer, new IndexSearcher(_reader), Tenant, "vector search vector", fuzzy: false, TestContext.Current.CancellationToken)!;

        Assert.Equal([("vector", 2f), ("search", 1f)], query.Clauses.Select(c => c.Query).Cast<TermQuery>().Select(t => (t.Term.Text, t.Boost)));
    }

    [Fact]
    public void A_search_whose_token_is_cancelled_while_it_collects_stops_at_the_next_hit()
    {
        using var deadline = new CancellationTokenSource();
        var inner = new CancellingCollector(deadline);
        var searcher = new IndexSearcher(_reader);

        Assert.Throws<OperationCanceledException>(() =>
            searcher.Search(new TermQuery(new Term(FullTextSchema.All, "vector")), new CancellableCollector(inner, deadline.Token)));
        Assert.Equal(1, inner.Collected);
    }

    [Fact]
    public void Building_a_text_query_stops_at_a_cancelled_token()
    {
        using var deadline = new CancellationTokenSource();
        deadline.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            LuceneQueries.Text(_analyzer, new IndexSearcher(_reader), Tenant, "unknownword typpo", fuzzy: true, deadline.Token));
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    /// <summary>Counts hits and cancels the deadline at the first one: the search's deadline passing while it runs.</summary>
    private sealed class CancellingCollector(CancellationTokenSource deadline) : ICollector
    {
        public int Collected { get; private set; }
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }
        public void SetNextReader(AtomicReaderContext context) { }

        public void Collect(int doc)
        {
            Collected++;
            deadline.Cancel();
        }
    }
}
