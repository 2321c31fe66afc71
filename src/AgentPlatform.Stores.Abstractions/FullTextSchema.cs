using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Storage.FullText;

/// <summary>The shape both full-text backends share: field names, boosts and highlight settings, so Lucene documents and
/// Elasticsearch mappings index the same fields and the conformance suite holds for both.</summary>
internal static class FullTextSchema
{
    public const string Id = "id";
    public const string TenantId = "tenantId";
    public const string Title = "title";
    public const string Content = "content";
    /// <summary>Title and content as one text field, the one a query scores on: BM25 over a single all-text field is the
    /// field's published baseline ("flat"), which per-field scoring with boosts did not reach.</summary>
    public const string All = "all";
    /// <summary>The all-text and content fields also analyzed without stemming: fuzzy matching works on the words as
    /// written ("embeddng" is one edit from "embedding" but three from its English stem "embed").</summary>
    public const string PlainSubfield = "plain";
    public const string AllPlain = All + "." + PlainSubfield;
    public const string ContentPlain = Content + "." + PlainSubfield;
    public const string Category = "category";
    public const string Tags = "tags";
    public const string AgentId = "agentId";
    public const string SessionId = "sessionId";
    public const string UserId = "userId";
    public const string CreatedAt = "createdAt";

    /// <summary>The words of content for top-terms aggregations: Elasticsearch's built-in "stop" analyzer (letters only,
    /// lower case, English stop words removed), unstemmed so the terms read as written; Lucene analyzes the stored
    /// content the same way when it aggregates.</summary>
    public const string TermsSubfield = "terms";
    public const string ContentTerms = Content + "." + TermsSubfield;
    public const string TermsAnalyzer = "stop";

    /// <summary>BM25 with the parameters the field publishes its baselines with (Anserini's defaults), not Lucene's
    /// 1.2 / 0.75: fitted to no query set of ours.</summary>
    public const double Bm25K1 = 0.9;
    public const double Bm25B = 0.4;

    /// <summary>Fuzzy alternatives score at half weight, so exact matches rank first.</summary>
    public const float FuzzyBoost = 0.5f;
    /// <summary>Index terms one fuzzy word may expand to (Elasticsearch's max_expansions default).</summary>
    public const int FuzzyMaxExpansions = 50;
    /// <summary>Words of one query that get fuzzy alternatives; later unknown words match exactly only. Typos are a few
    /// words of a query, and each expansion walks the term dictionary: without a bound a long query of unknown words
    /// costs seconds.</summary>
    public const int MaxFuzzyWords = 8;

    /// <summary>Highlights are fragments of the content: the query's matches on the all-text field found in the content
    /// analyzed the same way (stemmed first, then as written, where fuzzy matches land). Pairs of (query field, content
    /// analysis).</summary>
    public static readonly IReadOnlyList<(string QueryField, string ContentField)> HighlightFields = [(All, Content), (AllPlain, ContentPlain)];

    public const string HighlightPreTag = "<em>";
    public const string HighlightPostTag = "</em>";
    public const int HighlightFragmentSize = 150;
    public const int HighlightFragments = 3;
    /// <summary>Elasticsearch's default index.highlight.max_analyzed_offset; longer content is highlighted in its first million characters.</summary>
    public const int HighlightMaxAnalyzedChars = 1_000_000;

    public const int MaxTopTermsSize = 1000;

    public static string IndexName(FullTextIndexName index) => index switch
    {
        FullTextIndexName.Knowledge => "knowledge",
        FullTextIndexName.Conversations => "conversations",
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "Unknown full-text index."),
    };

    /// <summary>Maps a FullTextAggregationRequest.TopTermsField to the field it counts: the keyword fields as they are,
    /// content as its words (<see cref="ContentTerms"/>).</summary>
    public static string TermsField(string topTermsField) => topTermsField switch
    {
        Category or Tags or AgentId => topTermsField,
        Content => ContentTerms,
        _ => throw new ArgumentException($"Top terms are available for '{Category}', '{Tags}', '{AgentId}' or '{Content}', not '{topTermsField}'.", nameof(topTermsField)),
    };

    /// <summary>Documents are identified by tenant and id, so two tenants' documents with the same id never replace each other.</summary>
    public static string DocumentKey(string tenantId, string id) => $"{tenantId}:{id}";

    public static void Validate(FullTextQuery query)
    {
        TenantIds.Require(query.TenantId);
        new PageRequest(query.Offset, query.Limit).Validated();
        if (query.Ids is { } ids && (ids.Count > FullTextQuery.MaxIds || ids.Any(string.IsNullOrEmpty)))
            throw new ArgumentException($"Ids must hold at most {FullTextQuery.MaxIds} non-empty ids.", nameof(query));
    }

    public static void Validate(FullTextAggregationRequest request)
    {
        TenantIds.Require(request.TenantId);
        if (request.TopTermsField is { } field) TermsField(field);
        if (request.TopTermsSize is < 1 or > MaxTopTermsSize)
            throw new ArgumentOutOfRangeException(nameof(request), request.TopTermsSize, $"TopTermsSize must be between 1 and {MaxTopTermsSize}.");
    }

    public static void Validate(IReadOnlyList<FullTextDocument> documents)
    {
        foreach (var document in documents)
        {
            TenantIds.Require(document.TenantId);
            if (string.IsNullOrEmpty(document.Id)) throw new ArgumentException("Every document needs an Id.", nameof(documents));
        }
    }
}
