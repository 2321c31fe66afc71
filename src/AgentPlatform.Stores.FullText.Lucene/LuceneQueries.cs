using AgentPlatform.Ports;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using static AgentPlatform.Storage.FullText.FullTextSchema;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>Builds the Lucene equivalent of the Elasticsearch request: BM25 over the all-text field (title and content)
/// with fuzzy alternatives on its unstemmed subfield, restricted by non-scoring filters that always include the tenant.</summary>
internal static class LuceneQueries
{
    /// <summary>Tenant and filter clauses only (no scoring): what aggregations run over, and what text queries are restricted by.</summary>
    public static Query Filters(string tenantId, SearchFilter filter, IReadOnlyList<string>? ids = null)
    {
        var query = new BooleanQuery { { TenantTerm(tenantId), Occur.MUST } };
        if (ids is not null)
            query.Add(AnyOf(Id, ids), Occur.MUST);
        AddTerm(query, Category, filter.Category);
        AddTerm(query, AgentId, filter.AgentId);
        AddTerm(query, SessionId, filter.SessionId);
        AddTerm(query, UserId, filter.UserId);
        if (filter.MatchAnyTag && filter.Tags.Count > 0)
        {
            query.Add(AnyOf(Tags, filter.Tags), Occur.MUST);
        }
        else
        {
            foreach (var tag in filter.Tags)
                AddTerm(query, Tags, tag);
        }
        if (filter.From is not null || filter.To is not null)
            query.Add(NumericRangeQuery.NewInt64Range(CreatedAt, filter.From?.UtcTicks, filter.To?.UtcTicks, true, false), Occur.MUST);
        return new ConstantScoreQuery(query);
    }

    /// <summary>The scoring part, a match query on the all-text field: one clause per analyzed term, weighted by how
    /// often the query repeats it (as a match query's repeated clauses add up). Null when the text has no searchable
    /// terms. Fuzziness AUTO is applied to the words the tenant's documents do not contain as written (typos), at most
    /// <see cref="MaxFuzzyWords"/> of them, each expanding to at most <see cref="FuzzyMaxExpansions"/> index terms:
    /// expanding every query word to its neighbours cost ~100 ms per SciFact query on 5k documents and ranked no better.
    /// The token is checked between words, so a long query stops at its deadline.</summary>
    public static Query? Text(Analyzer analyzer, IndexSearcher searcher, string tenantId, string text, bool fuzzy, CancellationToken ct)
    {
        var query = new BooleanQuery();
        foreach (var (term, count) in AnalyzedTerms(analyzer, All, text))
            query.Add(new TermQuery(new Term(All, term)) { Boost = count }, Occur.SHOULD);
        if (fuzzy)
        {
            var expanded = 0;
            foreach (var (term, _) in AnalyzedTerms(analyzer, AllPlain, text))
            {
                if (expanded == MaxFuzzyWords) break;
                ct.ThrowIfCancellationRequested();
                var edits = AutoEdits(term);
                if (edits == 0 || Occurs(searcher, tenantId, new Term(AllPlain, term))) continue;
                query.Add(new FuzzyQuery(new Term(AllPlain, term), edits, 0, FuzzyMaxExpansions, transpositions: true) { Boost = FuzzyBoost }, Occur.SHOULD);
                expanded++;
            }
        }
        return query.Clauses.Count == 0 ? null : query;
    }

    /// <summary>Elasticsearch's fuzziness AUTO: terms of 0-2 characters must match exactly, 3-5 may be one edit away, longer ones two.</summary>
    public static int AutoEdits(string term) => term.Length switch
    {
        < 3 => 0,
        < 6 => 1,
        _ => 2,
    };

    /// <summary>Fragments of the content around the text query's matches on the all-text field, found in the content
    /// analyzed as the stemmed field, or else as the plain one.
    /// <paramref name="rewrittenTextQuery"/> is the query after IndexSearcher.Rewrite: its fuzzy parts are already
    /// expanded to the index's terms, so the highlighter need not expand them again over each document's tokens.</summary>
    public static IReadOnlyList<string> Highlights(Analyzer analyzer, Query rewrittenTextQuery, string content)
    {
        foreach (var (queryField, contentField) in HighlightFields)
        {
            var scorer = new QueryScorer(rewrittenTextQuery, queryField) { ExpandMultiTermQuery = false };
            var highlighter = new Highlighter(new SimpleHTMLFormatter(HighlightPreTag, HighlightPostTag), scorer)
            {
                TextFragmenter = new SimpleSpanFragmenter(scorer, HighlightFragmentSize),
                MaxDocCharsToAnalyze = HighlightMaxAnalyzedChars,
            };
            using var tokens = analyzer.GetTokenStream(contentField, content);
            var fragments = highlighter.GetBestFragments(tokens, content, HighlightFragments);
            if (fragments.Length > 0) return fragments;
        }
        return [];
    }

    /// <summary>Whether any of the tenant's documents contains the term (checked per tenant, so one tenant's words never
    /// change how another tenant's query is matched): the term's and the tenant's postings walked side by side in each
    /// segment until they meet. Without a query, weights or a collector that stops by throwing, this costs no more than
    /// the two term lookups.</summary>
    private static bool Occurs(IndexSearcher searcher, string tenantId, Term term)
    {
        // A term no document holds needs no per-tenant check.
        if (searcher.IndexReader.DocFreq(term) == 0) return false;
        var tenant = new Term(TenantId, tenantId);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            if (reader.GetTermDocsEnum(term) is not { } withTerm || reader.GetTermDocsEnum(tenant) is not { } ofTenant) continue;
            int a = withTerm.NextDoc(), b = ofTenant.Advance(a);
            while (a != DocIdSetIterator.NO_MORE_DOCS && b != DocIdSetIterator.NO_MORE_DOCS)
            {
                if (a == b) return true;
                if (a < b) a = withTerm.Advance(b);
                else b = ofTenant.Advance(a);
            }
        }
        return false;
    }

    /// <summary>Distinct terms in order of first occurrence, with how often each occurs.</summary>
    private static List<(string Term, int Count)> AnalyzedTerms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<(string Term, int Count)>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        using var tokens = analyzer.GetTokenStream(field, text);
        var term = tokens.AddAttribute<ICharTermAttribute>();
        tokens.Reset();
        while (tokens.IncrementToken())
        {
            var value = term.ToString();
            if (positions.TryGetValue(value, out var position))
            {
                terms[position] = (value, terms[position].Count + 1);
            }
            else
            {
                positions[value] = terms.Count;
                terms.Add((value, 1));
            }
        }
        tokens.End();
        return terms;
    }

    private static TermQuery TenantTerm(string tenantId) => new(new Term(TenantId, tenantId));

    /// <summary>Only SHOULD clauses: a document matches when its field holds one of the values (no values: nothing matches).</summary>
    private static BooleanQuery AnyOf(string field, IEnumerable<string> values)
    {
        var any = new BooleanQuery();
        foreach (var value in values)
            any.Add(new TermQuery(new Term(field, value)), Occur.SHOULD);
        return any;
    }

    private static void AddTerm(BooleanQuery query, string field, string? value)
    {
        if (value is not null) query.Add(new TermQuery(new Term(field, value)), Occur.MUST);
    }
}
