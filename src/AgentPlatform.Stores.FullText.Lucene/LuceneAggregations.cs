using AgentPlatform.Ports;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Lucene.Net.Search;
using static AgentPlatform.Storage.FullText.FullTextSchema;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>Computes the aggregations Elasticsearch would return, over the stored fields of every matching document.</summary>
internal static class LuceneAggregations
{
    public static FullTextAggregations Compute(IndexSearcher searcher, Query query, FullTextAggregationRequest request)
    {
        var termsField = request.TopTermsField is { } field ? TermsField(field) : null;
        var fieldsToLoad = new HashSet<string> { CreatedAt };
        // The words of content are not indexed apart: they come from the stored content, analyzed as Elasticsearch's subfield is.
        using var words = termsField == ContentTerms ? new StopAnalyzer(LuceneVersion.LUCENE_48) : null;
        if (termsField is not null) fieldsToLoad.Add(words is null ? termsField : Content);

        var createdAt = new List<DateTimeOffset>();
        var termCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var docId in MatchingDocs(searcher, query))
        {
            var document = searcher.Doc(docId, fieldsToLoad);
            createdAt.Add(LuceneDocuments.CreatedAtOf(document));
            if (termsField is null) continue;
            IEnumerable<string> terms = words is null ? document.GetValues(termsField) : Words(words, document.Get(Content) ?? "");
            foreach (var term in terms)
                termCounts[term] = termCounts.GetValueOrDefault(term) + 1;
        }

        return new FullTextAggregations(
            createdAt.Count,
            request.DateHistogram is { } interval ? DateHistogram(createdAt, interval) : [],
            termCounts.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
                .Take(request.TopTermsSize).Select(t => new TermBucket(t.Key, t.Value)).ToList());
    }

    /// <summary>The distinct words of a text: a document counts once per term, as in a terms aggregation.</summary>
    private static HashSet<string> Words(Analyzer analyzer, string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        using var stream = analyzer.GetTokenStream(ContentTerms, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) words.Add(term.ToString());
        stream.End();
        return words;
    }

    /// <summary>Buckets from the first to the last occupied interval, empty ones included (Elasticsearch's min_doc_count 0), in UTC.</summary>
    public static IReadOnlyList<DateBucket> DateHistogram(IReadOnlyCollection<DateTimeOffset> timestamps, CalendarInterval interval)
    {
        if (timestamps.Count == 0) return [];
        var counts = timestamps.GroupBy(t => IntervalStart(t.UtcDateTime, interval)).ToDictionary(g => g.Key, g => (long)g.Count());
        var buckets = new List<DateBucket>();
        for (var start = counts.Keys.Min(); start <= counts.Keys.Max(); start = NextIntervalStart(start, interval))
            buckets.Add(new DateBucket(new DateTimeOffset(start, TimeSpan.Zero), counts.GetValueOrDefault(start)));
        return buckets;
    }

    /// <summary>Weeks start on Monday, as Elasticsearch's calendar week does.</summary>
    public static DateTime IntervalStart(DateTime utc, CalendarInterval interval) => interval switch
    {
        CalendarInterval.Hour => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
        CalendarInterval.Day => DateTime.SpecifyKind(utc.Date, DateTimeKind.Utc),
        CalendarInterval.Week => DateTime.SpecifyKind(utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7)), DateTimeKind.Utc),
        CalendarInterval.Month => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown calendar interval."),
    };

    private static DateTime NextIntervalStart(DateTime start, CalendarInterval interval) => interval switch
    {
        CalendarInterval.Hour => start.AddHours(1),
        CalendarInterval.Day => start.AddDays(1),
        CalendarInterval.Week => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    private static List<int> MatchingDocs(IndexSearcher searcher, Query query)
    {
        var collector = new MatchingDocsCollector();
        searcher.Search(query, collector);
        return collector.DocIds;
    }

    /// <summary>Collects every matching document id (top-level ids), without scoring.</summary>
    private sealed class MatchingDocsCollector : ICollector
    {
        private int _docBase;
        public List<int> DocIds { get; } = [];
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }
        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;
        public void Collect(int doc) => DocIds.Add(_docBase + doc);
    }
}
