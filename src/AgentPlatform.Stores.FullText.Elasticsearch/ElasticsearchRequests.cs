using AgentPlatform.Ports;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;
using static AgentPlatform.Storage.FullText.FullTextSchema;
using EsCalendarInterval = Elastic.Clients.Elasticsearch.Aggregations.CalendarInterval;
using CalendarInterval = AgentPlatform.Ports.CalendarInterval;

namespace AgentPlatform.Storage.FullText.Elasticsearch;

/// <summary>The requests the Elasticsearch adapter sends, built without a server so tests can render them to JSON.</summary>
internal static class ElasticsearchRequests
{
    public const string HistogramAggregation = "created_histogram";
    public const string TopTermsAggregation = "top_terms";
    public const string TemplatePrefix = "agentplatform-";
    private const string EnglishAnalyzer = "english";
    /// <summary>The similarity every field without its own uses.</summary>
    private const string DefaultSimilarity = "default";
    /// <summary>Above Elasticsearch's built-in templates (priority 100-200), so ours wins if a pattern ever overlapped.</summary>
    private const long TemplatePriority = 500;

    public static string TemplateName(FullTextIndexName index) => TemplatePrefix + IndexName(index);

    /// <summary>Index template for one index: English analyzer on title and content, both copied into the all-text field
    /// queries score on (with an unstemmed ".plain" sub-field for fuzzy matching; content has one too, for highlights),
    /// BM25 with the field's published parameters as the index's default similarity, keywords for the filter fields,
    /// date createdAt, double value; strict, so a field outside this shape is an error. The similarity is a static
    /// index setting: an index created before it keeps Elasticsearch's defaults until it is recreated and reindexed.</summary>
    public static PutIndexTemplateRequest IndexTemplate(FullTextIndexName index) => new(TemplateName(index))
    {
        IndexPatterns = IndexName(index),
        Priority = TemplatePriority,
        Template = new IndexTemplateMapping
        {
            Settings = new IndexSettings
            {
                NumberOfShards = 1,
                NumberOfReplicas = 0,
                Similarity = new SettingsSimilarities { { DefaultSimilarity, new SettingsSimilarityBm25 { K1 = Bm25K1, B = Bm25B } } },
            },
            Mappings = new TypeMapping { Dynamic = DynamicMapping.Strict, Properties = MappedFields() },
        },
    };

    /// <summary>The template only shapes indices created after it; this brings an index an earlier version created up
    /// to the current fields (adding a field is allowed on a live index; repeating an identical mapping changes nothing).</summary>
    public static PutMappingRequest CurrentMapping(FullTextIndexName index) => new(IndexName(index))
    {
        Dynamic = DynamicMapping.Strict,
        Properties = MappedFields(),
    };

    private static Properties MappedFields() => new()
    {
        { FullTextSchema.Id, new KeywordProperty() },
        { TenantId, new KeywordProperty() },
        { Title, new TextProperty { Analyzer = EnglishAnalyzer, CopyTo = All } },
        { Content, new TextProperty { Analyzer = EnglishAnalyzer, CopyTo = All, Fields = ContentSubfields() } },
        { All, new TextProperty { Analyzer = EnglishAnalyzer, Fields = new Properties { { PlainSubfield, PlainText() } } } },
        { Category, new KeywordProperty() },
        { Tags, new KeywordProperty() },
        { AgentId, new KeywordProperty() },
        { SessionId, new KeywordProperty() },
        { UserId, new KeywordProperty() },
        { CreatedAt, new DateProperty() },
    };

    public static BulkRequest Index(FullTextIndexName index, IReadOnlyList<FullTextDocument> documents) => new(IndexName(index))
    {
        Refresh = Refresh.WaitFor,
        Operations = [.. documents.Select(d => new BulkIndexOperation<FullTextDocument>(d) { Id = DocumentKey(d.TenantId, d.Id) })],
    };

    /// <summary>Deletes by the tenant-qualified document key, so a tenant can only ever delete its own documents.</summary>
    public static BulkRequest Delete(FullTextIndexName index, string tenantId, IReadOnlyList<string> ids) => new(IndexName(index))
    {
        Refresh = Refresh.WaitFor,
        Operations = [.. ids.Select(id => new BulkDeleteOperation(DocumentKey(tenantId, id)))],
    };

    public static SearchRequest Search(FullTextIndexName index, FullTextQuery query)
    {
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var filters = Filters(query.TenantId, query.Filter);
        if (query.Ids is { } ids)
            filters.Add(new TermsQuery { Field = FullTextSchema.Id, Terms = new TermsQueryField([.. ids.Select(FieldValue.String)]) });
        return new SearchRequest(IndexName(index))
        {
            // A reader may search before the worker has written anything: a missing index is an empty result.
            IgnoreUnavailable = true,
            AllowNoIndices = true,
            From = query.Offset,
            Size = query.Limit,
            TrackTotalHits = new TrackHits(true),
            Query = new BoolQuery { Must = [hasText ? Text(query.Text, query.Fuzzy) : new MatchAllQuery()], Filter = filters },
            // Without search terms there is no relevance: list newest first.
            Sort = hasText ? null : [new SortOptions { Field = new FieldSort(CreatedAt) { Order = SortOrder.Desc } }],
            Highlight = hasText && query.Highlight ? ContentHighlight() : null,
            Source = query.WithContent ? null : new SourceConfig(new SourceFilter { Excludes = new[] { new Field(Content) } }),
        };
    }

    public static SearchRequest Aggregate(FullTextIndexName index, FullTextAggregationRequest request)
    {
        var aggregations = new Dictionary<string, Aggregation>();
        if (request.DateHistogram is { } interval)
        {
            aggregations[HistogramAggregation] = new DateHistogramAggregation
            {
                Field = CreatedAt,
                CalendarInterval = Interval(interval),
                TimeZone = "UTC",
                MinDocCount = 0,
            };
        }
        if (request.TopTermsField is { } field)
            aggregations[TopTermsAggregation] = new TermsAggregation { Field = TermsField(field), Size = request.TopTermsSize };
        return new SearchRequest(IndexName(index))
        {
            IgnoreUnavailable = true,
            AllowNoIndices = true,
            Size = 0,
            TrackTotalHits = new TrackHits(true),
            Query = new BoolQuery { Filter = Filters(request.TenantId, request.Filter) },
            Aggregations = aggregations,
        };
    }

    /// <summary>Tenant first, then one term filter per requested value (each tag on its own: a hit must carry all of them,
    /// or with MatchAnyTag one terms filter: any of them); the time range is From inclusive, To exclusive.</summary>
    public static List<Query> Filters(string tenantId, SearchFilter filter)
    {
        List<Query> filters = [Term(TenantId, tenantId)];
        if (filter.Category is { } category) filters.Add(Term(Category, category));
        if (filter.MatchAnyTag && filter.Tags.Count > 0)
            filters.Add(new TermsQuery { Field = Tags, Terms = new TermsQueryField([.. filter.Tags.Select(FieldValue.String)]) });
        else
            filters.AddRange(filter.Tags.Select(tag => Term(Tags, tag)));
        if (filter.AgentId is { } agentId) filters.Add(Term(AgentId, agentId));
        if (filter.SessionId is { } sessionId) filters.Add(Term(SessionId, sessionId));
        if (filter.UserId is { } userId) filters.Add(Term(UserId, userId));
        if (filter.From is not null || filter.To is not null)
        {
            filters.Add(new DateRangeQuery(CreatedAt)
            {
                Gte = filter.From is { } from ? DateMath.Anchored(from.UtcDateTime) : null,
                Lt = filter.To is { } to ? DateMath.Anchored(to.UtcDateTime) : null,
            });
        }
        return filters;
    }

    /// <summary>A match query on the all-text field (BM25 over title and content as one field); with fuzziness, a second
    /// match on its unstemmed subfield with fuzziness AUTO at half weight. Lucene gives fuzzy alternatives only to the
    /// words the tenant's documents lack and to at most MaxFuzzyWords of them; Elasticsearch cannot ask that inside one
    /// request, so here every word gets them (exact words then also score on the subfield, at half weight).</summary>
    private static Query Text(string text, bool fuzzy)
    {
        Query exact = new MatchQuery(All, text);
        if (!fuzzy) return exact;
        return new BoolQuery
        {
            Should =
            [
                exact,
                new MatchQuery(AllPlain, text) { Fuzziness = new Fuzziness("AUTO"), MaxExpansions = FuzzyMaxExpansions, Boost = FuzzyBoost },
            ],
        };
    }

    /// <summary>Fragments of the content: the query names the all-text field, so the highlighter may not require the
    /// highlighted field to be the queried one.</summary>
    private static Highlight ContentHighlight() => new()
    {
        Fields = [.. HighlightFields.Select(f => new KeyValuePair<Field, HighlightField>(f.ContentField, new HighlightField()))],
        RequireFieldMatch = false,
        PreTags = [HighlightPreTag],
        PostTags = [HighlightPostTag],
        FragmentSize = HighlightFragmentSize,
        NumberOfFragments = HighlightFragments,
        MaxAnalyzedOffset = HighlightMaxAnalyzedChars,
    };

    /// <summary>The unstemmed subfield for highlights of fuzzy matches, and the words subfield that top-terms
    /// aggregations count: fielddata lets a terms aggregation read a text field (loaded into heap on first use, so only
    /// content has it).</summary>
    private static Properties ContentSubfields() => new()
    {
        { PlainSubfield, PlainText() },
        { TermsSubfield, new TextProperty { Analyzer = TermsAnalyzer, Fielddata = true } },
    };

    private static TextProperty PlainText() => new() { Analyzer = "standard" };

    private static Query Term(string field, string value) => new TermQuery(field, value);

    private static EsCalendarInterval Interval(CalendarInterval interval) => interval switch
    {
        CalendarInterval.Hour => EsCalendarInterval.Hour,
        CalendarInterval.Day => EsCalendarInterval.Day,
        CalendarInterval.Week => EsCalendarInterval.Week,
        CalendarInterval.Month => EsCalendarInterval.Month,
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown calendar interval."),
    };
}
