using AgentPlatform.Ports;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using static AgentPlatform.Storage.FullText.FullTextSchema;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>Converts FullTextDocuments to Lucene documents and back. Every field the port returns is stored;
/// keyword fields are indexed untokenized, createdAt as ticks (range queries, histogram, newest-first sort).</summary>
internal static class LuceneDocuments
{
    /// <summary>Unique per tenant and id: the term IndexWriter.UpdateDocument replaces by.</summary>
    public const string Key = "key";

    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>English (Porter stemming, stop words) for title, content and the all-text field; the plain fields keep
    /// words as written, like Elasticsearch's standard analyzer (no stop words). content.plain is not indexed: the
    /// highlighter analyzes the content with it.</summary>
    public static Analyzer CreateAnalyzer()
    {
        var plain = new StandardAnalyzer(Version, CharArraySet.Empty);
        return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(Version),
            new Dictionary<string, Analyzer> { [AllPlain] = plain, [ContentPlain] = plain });
    }

    public static Term KeyTerm(string tenantId, string id) => new(Key, DocumentKey(tenantId, id));

    public static Document ToLucene(FullTextDocument source)
    {
        var document = new Document
        {
            new StringField(Key, DocumentKey(source.TenantId, source.Id), Field.Store.NO),
            new StringField(Id, source.Id, Field.Store.YES),
            new StringField(TenantId, source.TenantId, Field.Store.YES),
            new TextField(Title, source.Title, Field.Store.YES),
            new TextField(Content, source.Content, Field.Store.YES),
            new TextField(All, AllText(source), Field.Store.NO),
            new TextField(AllPlain, AllText(source), Field.Store.NO),
            new Int64Field(CreatedAt, source.CreatedAt.UtcTicks, Field.Store.YES),
            new NumericDocValuesField(CreatedAt, source.CreatedAt.UtcTicks),
        };
        AddKeyword(document, Category, source.Category);
        AddKeyword(document, AgentId, source.AgentId);
        AddKeyword(document, SessionId, source.SessionId);
        AddKeyword(document, UserId, source.UserId);
        foreach (var tag in source.Tags.Distinct(StringComparer.Ordinal))
            AddKeyword(document, Tags, tag);
        return document;
    }

    public static FullTextDocument FromLucene(Document document) => new()
    {
        Id = document.Get(Id),
        TenantId = document.Get(TenantId),
        Title = document.Get(Title),
        Content = document.Get(Content),
        Category = document.Get(Category),
        Tags = document.GetValues(Tags),
        AgentId = document.Get(AgentId),
        SessionId = document.Get(SessionId),
        UserId = document.Get(UserId),
        CreatedAt = CreatedAtOf(document),
    };

    public static DateTimeOffset CreatedAtOf(Document document) =>
        new(document.GetField(CreatedAt).GetInt64Value() ?? 0, TimeSpan.Zero);

    /// <summary>What Elasticsearch's copy_to of title and content into the all-text field indexes: both values, in that order.</summary>
    private static string AllText(FullTextDocument source) => source.Title + "\n" + source.Content;

    private static void AddKeyword(Document document, string field, string? value)
    {
        if (value is not null) document.Add(new StringField(field, value, Field.Store.YES));
    }
}
