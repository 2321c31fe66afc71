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
    /// <summary>Title and content are also indexed without stemming: fuzzy matching works on the words as written
    /// ("embeddng" is one edit from "embedding" but three from its English stem "embed").</summary>
    public const string PlainSubfield = "plain";
    public const string TitlePlain = Title + "." + PlainSubfield;
    public const string ContentPlain = Content + "." + PlainSubfield;
    public const string Category = "category";
    public const string Tags = "tags";
    public const string AgentId = "agentId";
    public const string SessionId = "sessionId";
    public const string UserId = "userId";
    public const string CreatedAt = "createdAt";
    public const string Value = "value";

    /// <summary>The words of content for top-terms aggregations: Elasticsearch's built-in "stop" analyzer (letters only,
    /// lower case, English stop words removed), unstemmed so the terms read as written; Lucene analyzes the stored
    /// content the same way when it aggregates.</summary>
    public const string TermsSubfield = "terms";
    public const string ContentTerms = Content + "." + TermsSubfield;
    public const string TermsAnalyzer = "stop";

    public const float TitleBoost = 2f;

    /// <summary>The text fields a query searches, with their boosts (title x2 over content) and the unstemmed subfield
    /// that fuzzy matching runs on.</summary>
    public static readonly IReadOnlyList<(string Field, string PlainField, float Boost)> TextFields =
        [(Title, TitlePlain, TitleBoost), (Content, ContentPlain, 1f)];

    /// <summary>best_fields with a tie breaker: the best field scores in full, the others add half of theirs, so a
    /// document matching the query in title and content ranks above one matching in only one of them.</summary>
    public const float TieBreaker = 0.5f;

    /// <summary>Highlights come from the stemmed field first, then from the plain one (where fuzzy matches land).</summary>
    public static readonly IReadOnlyList<string> HighlightFields = [Content, ContentPlain];

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
        if (request.ValuePercentiles.Any(p => p is < 0 or > 100 || double.IsNaN(p)))
            throw new ArgumentOutOfRangeException(nameof(request), "Percentiles must be between 0 and 100.");
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
