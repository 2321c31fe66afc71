using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>Text queries after IndexSearcher.Rewrite (fuzzy parts expanded, per-tenant word probes done), kept per
/// (tenant, text, fuzzy) for the reader they were built on: Search.Api's highlight pass repeats its candidate pass's
/// text, and building it again is most of that pass's cost. An entry built on an older reader is rebuilt; when the cache
/// is full it is emptied, which bounds its memory without bookkeeping on the search path.</summary>
internal sealed class RewrittenTextQueries(int capacity)
{
    private readonly record struct Key(string TenantId, string Text, bool Fuzzy);

    /// <summary>Query is null for text without a searchable term.</summary>
    private readonly record struct Entry(IndexReader Reader, Query? Query);

    private readonly ConcurrentDictionary<Key, Entry> _entries = new();

    public Query? GetOrBuild(IndexSearcher searcher, string tenantId, string text, bool fuzzy, Func<Query?> build)
    {
        var key = new Key(tenantId, text, fuzzy);
        if (_entries.TryGetValue(key, out var entry) && ReferenceEquals(entry.Reader, searcher.IndexReader))
            return entry.Query;
        var query = build() is { } built ? searcher.Rewrite(built) : null;
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = new Entry(searcher.IndexReader, query);
        return query;
    }
}
