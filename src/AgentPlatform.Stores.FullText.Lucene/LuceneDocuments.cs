using AgentPlatform.Ports;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using System.Text;
using Lucene.Net.Util;
using static AgentPlatform.Storage.FullText.FullTextSchema;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>Converts FullTextDocuments to Lucene documents and back. Every field the port returns is stored;
/// keyword fields are indexed untokenized, createdAt as ticks (range queries, histogram, newest-first sort).</summary>
internal static class LuceneDocuments
{
    /// <summary>Unique per tenant and id: the term IndexWriter.UpdateDocument replaces by.</summary>
    public const string Key = "key";

    /// <summary>Every stored field but the content, as one binary doc value: what a query without content reads per hit.
    /// Stored fields are compressed in blocks of several documents, and reading one decompresses its block up to it,
    /// content included; a doc value is read in place.</summary>
    public const string Header = "header";

    /// <summary>The content (UTF-8) as a binary doc value, for the same reason: what the highlight pass reads per hit.</summary>
    public const string ContentValue = "content_value";

    /// <summary>The longest binary doc value Lucene 4.8 accepts; a longer header (many long tags) or content is left out
    /// and that document is read from its stored fields.</summary>
    private const int MaxValueBytes = 32766;

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
        var tags = source.Tags.Distinct(StringComparer.Ordinal).ToList();
        foreach (var tag in tags)
            AddKeyword(document, Tags, tag);
        if (EncodeHeader(source, tags) is { } header)
            document.Add(new BinaryDocValuesField(Header, header));
        var content = Encoding.UTF8.GetBytes(source.Content);
        if (content.Length <= MaxValueBytes)
            document.Add(new BinaryDocValuesField(ContentValue, new BytesRef(content)));
        return document;
    }

    /// <summary>The document, with its content or with an empty one, from its doc values (<see cref="Header"/>, and
    /// <see cref="ContentValue"/> when the content is wanted) where the document has them (written by this version,
    /// within Lucene's limit), else from its stored fields.</summary>
    public static FullTextDocument Read(IndexSearcher searcher, int doc, bool withContent)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var reader = leaf.AtomicReader;
        var local = doc - leaf.DocBase;
        if (ReadValue(reader, Header, local) is { } header)
        {
            if (!withContent)
                return DecodeHeader(header);
            if (ReadValue(reader, ContentValue, local) is { } content)
                return DecodeHeader(header) with { Content = content.Utf8ToString() };
        }
        var stored = FromLucene(searcher.Doc(doc));
        return withContent ? stored : stored with { Content = "" };
    }

    private static BytesRef? ReadValue(AtomicReader reader, string field, int doc)
    {
        if (reader.GetDocsWithField(field) is not { } withField || !withField.Get(doc) || reader.GetBinaryDocValues(field) is not { } values)
            return null;
        var bytes = new BytesRef();
        values.Get(doc, bytes);
        return bytes;
    }

    private static FullTextDocument FromLucene(Document document) => new()
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

    /// <param name="tags">The document's distinct tags, in the order they are stored.</param>
    private static BytesRef? EncodeHeader(FullTextDocument source, IReadOnlyList<string> tags)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(source.Id);
            writer.Write(source.TenantId);
            writer.Write(source.Title);
            WriteOptional(writer, source.Category);
            WriteOptional(writer, source.AgentId);
            WriteOptional(writer, source.SessionId);
            WriteOptional(writer, source.UserId);
            writer.Write(tags.Count);
            foreach (var tag in tags) writer.Write(tag);
            writer.Write(source.CreatedAt.UtcTicks);
        }
        return stream.Length <= MaxValueBytes ? new BytesRef(stream.GetBuffer(), 0, (int)stream.Length) : null;
    }

    private static FullTextDocument DecodeHeader(BytesRef bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.Bytes, bytes.Offset, bytes.Length, writable: false), Encoding.UTF8);
        var id = reader.ReadString();
        var tenantId = reader.ReadString();
        var title = reader.ReadString();
        var category = ReadOptional(reader);
        var agentId = ReadOptional(reader);
        var sessionId = ReadOptional(reader);
        var userId = ReadOptional(reader);
        var tags = new string[reader.ReadInt32()];
        for (var i = 0; i < tags.Length; i++) tags[i] = reader.ReadString();
        return new FullTextDocument
        {
            Id = id,
            TenantId = tenantId,
            Title = title,
            Category = category,
            Tags = tags,
            AgentId = agentId,
            SessionId = sessionId,
            UserId = userId,
            CreatedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
        };
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>What Elasticsearch's copy_to of title and content into the all-text field indexes: both values, in that order.</summary>
    private static string AllText(FullTextDocument source) => source.Title + "\n" + source.Content;

    private static void AddKeyword(Document document, string field, string? value)
    {
        if (value is not null) document.Add(new StringField(field, value, Field.Store.YES));
    }
}
