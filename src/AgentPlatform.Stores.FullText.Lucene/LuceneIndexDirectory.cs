using AgentPlatform.Domain;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Directory = Lucene.Net.Store.Directory;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>One index directory. Several processes share it, but only one (the Embedding.Worker) writes: the writer is
/// opened on the first write and then kept (one IndexWriter per directory per process, Lucene's write lock guards
/// against a second); every search runs on the latest commit, whichever process made it.</summary>
internal sealed class LuceneIndexDirectory(string path, Analyzer analyzer) : IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Threading.Lock _openGate = new();
    private readonly SearcherFactory _searcherFactory = new Bm25SearcherFactory();
    private Directory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;

    public void EnsureCreated() => Translate(() => System.IO.Directory.CreateDirectory(path));

    /// <summary>Applies one batch of changes and commits it; a failed batch is rolled back whole.</summary>
    public async Task WriteAsync(Action<IndexWriter> change, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            Translate(() =>
            {
                var writer = _writer ??= OpenWriter();
                try
                {
                    change(writer);
                    writer.Commit();
                }
                catch
                {
                    // Rollback discards the uncommitted part of the batch and closes the writer; the next write reopens it.
                    _writer = null;
                    writer.Rollback();
                    throw;
                }
                // Outside the rollback: the batch is committed. This process's own searches then find their reader current.
                _searchers?.MaybeRefreshBlocking();
            });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs a search on the latest committed state; <paramref name="empty"/> while no index has been committed yet.</summary>
    public T Search<T>(Func<IndexSearcher, T> search, T empty) => Translate(() =>
    {
        var searchers = OpenSearchers();
        if (searchers is null) return empty;
        var searcher = searchers.Acquire();
        try
        {
            // The reader is checked against the latest commit without a lock (IsCurrent reads the commit point), so
            // concurrent searches do not queue behind one another; only a search that finds a newer commit (made by
            // another process: this one refreshes after its own commits) takes the blocking refresh, which waits for a
            // refresh already under way instead of returning at once and leaving this search on the older reader.
            if (!((DirectoryReader)searcher.IndexReader).IsCurrent())
            {
                searchers.Release(searcher);
                searcher = null;
                searchers.MaybeRefreshBlocking();
                searcher = searchers.Acquire();
            }
            return search(searcher);
        }
        finally
        {
            if (searcher is not null) searchers.Release(searcher);
        }
    });

    public void Dispose()
    {
        _searchers?.Dispose();
        _writer?.Dispose();
        _directory?.Dispose();
        _writeGate.Dispose();
    }

    private IndexWriter OpenWriter() => new(OpenDirectory(), new IndexWriterConfig(LuceneDocuments.Version, analyzer)
    {
        OpenMode = OpenMode.CREATE_OR_APPEND,
        Similarity = Bm25(),
    });

    private SearcherManager? OpenSearchers()
    {
        lock (_openGate)
        {
            if (_searchers is not null) return _searchers;
            var directory = OpenDirectory();
            if (!DirectoryReader.IndexExists(directory)) return null;
            return _searchers = new SearcherManager(directory, _searcherFactory);
        }
    }

    private Directory OpenDirectory()
    {
        lock (_openGate)
        {
            // IndexExists reports a path under a file as "no index"; that is a broken store, not an empty one.
            if (FileOnPath(path) is { } file)
                throw new IOException($"'{file}' is a file, not a directory.");
            return _directory ??= FSDirectory.Open(path);
        }
    }

    private static string? FileOnPath(string path)
    {
        for (var current = System.IO.Path.GetFullPath(path); current is not null; current = System.IO.Path.GetDirectoryName(current))
        {
            if (File.Exists(current)) return current;
        }
        return null;
    }

    private T Translate<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            throw new StoreUnavailableException(StoreNames.FullText, $"Lucene index at '{path}': {ex.Message}", ex);
        }
    }

    private void Translate(Action action) => Translate(() => { action(); return true; });

    private static BM25Similarity Bm25() => new((float)FullTextSchema.Bm25K1, (float)FullTextSchema.Bm25B);

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Bm25() };
    }
}
