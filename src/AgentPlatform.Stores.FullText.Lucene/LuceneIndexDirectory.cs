using System.Runtime.CompilerServices;
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
/// <remarks>With an idle merge delay, the writing process merges the index into one segment once no write has come for
/// that long (<see cref="MergeWhenIdle"/>): every commit of a batch adds a segment, and each search looks every query
/// term up in every segment.</remarks>
internal sealed class LuceneIndexDirectory : IDisposable
{
    /// <summary>Smallest share of the index's bytes outside its largest segment for which an idle merge of an index
    /// larger than <see cref="IdleMergeAlwaysBytes"/> runs: a merge rewrites the whole index, so a few small writes to a
    /// large index wait for more (bounding the bytes rewritten per byte written) and leave the merging of small
    /// segments to Lucene's merge policy.</summary>
    internal const double IdleMergeMinimumShare = 0.1;

    /// <summary>Size up to which an index with several segments is always merged when idle: rewriting it takes about
    /// a second, and a worker's batch commits leave a few segments of a few percent each behind a large one.</summary>
    internal const long IdleMergeAlwaysBytes = 64L << 20;

    private readonly string _path;
    private readonly Analyzer _analyzer;
    private readonly TimeSpan _idleMergeDelay;
    private readonly long _idleMergeAlwaysBytes;
    private readonly ITimer? _idleMerge;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Threading.Lock _openGate = new();
    private readonly SearcherFactory _searcherFactory = new Bm25SearcherFactory();
    private Directory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private ReaderGeneration? _readerGeneration;
    private long _fullCheckDue;
    private volatile bool _disposed;

    /// <param name="idleMergeDelay">How long after the last write the index is merged; zero: never (Lucene's own merge policy only).</param>
    /// <param name="idleMergeAlwaysBytes">Size up to which it is merged whatever its segments' shares (<see cref="IdleMergeAlwaysBytes"/>).</param>
    public LuceneIndexDirectory(string path, Analyzer analyzer, TimeSpan idleMergeDelay, long idleMergeAlwaysBytes, TimeProvider timeProvider)
    {
        _path = path;
        _analyzer = analyzer;
        _idleMergeDelay = idleMergeDelay;
        _idleMergeAlwaysBytes = idleMergeAlwaysBytes;
        if (idleMergeDelay > TimeSpan.Zero)
            _idleMerge = timeProvider.CreateTimer(static state => ((LuceneIndexDirectory)state!).MergeWhenIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Longest time a search relies on segments.gen alone to know its reader is current.</summary>
    internal static readonly TimeSpan FullCheckInterval = TimeSpan.FromSeconds(1);

    public void EnsureCreated() => Translate(() => System.IO.Directory.CreateDirectory(_path));

    /// <summary>Applies one batch of changes and commits it; a failed batch is rolled back whole.</summary>
    public async Task WriteAsync(Action<IndexWriter> change, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        using var activity = LuceneFullTextIndex.Activities.StartActivity(operation, System.IO.Path.GetFileName(_path));
        await _writeGate.WaitAsync(ct);
        try
        {
            Translate(() => CommitOrRollBack(_writer ??= OpenWriter(), change));
            // Each write moves the idle merge back: a batch of writes is merged once, after its last one.
            _idleMerge?.Change(_idleMergeDelay, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs a search on the latest committed state; <paramref name="empty"/> while no index has been committed yet.</summary>
    public T Search<T>(Func<IndexSearcher, T> search, T empty, [CallerMemberName] string operation = "") => Translate(() =>
    {
        using var activity = LuceneFullTextIndex.Activities.StartActivity(operation, System.IO.Path.GetFileName(_path));
        var searchers = OpenSearchers();
        if (searchers is null) return empty;
        var searcher = searchers.Acquire();
        try
        {
            // Checked without a lock, so concurrent searches do not queue behind one another; only a search that finds
            // a newer commit (made by another process: this one refreshes after its own commits) takes the blocking
            // refresh, which waits for a refresh already under way instead of leaving this search on the older reader.
            if (!IsCurrent((DirectoryReader)searcher.IndexReader))
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

    /// <summary>Whether the reader holds the latest commit. segments.gen, which Lucene 4.8 rewrites after each commit's
    /// segments file, names the latest generation in one small read; only when it names another (or cannot be read)
    /// does the reader's own check run, which lists the directory and reads the segments file and every segment's
    /// info, mapping and unmapping each. Lucene writes segments.gen as a hint and ignores a failure to, so the full
    /// check also runs at least every <see cref="FullCheckInterval"/>.</summary>
    private bool IsCurrent(DirectoryReader reader)
    {
        var known = _readerGeneration;
        if (!ReferenceEquals(known?.Reader, reader))
            _readerGeneration = known = new ReaderGeneration(reader, reader.IndexCommit.Generation);
        var now = Environment.TickCount64;
        if (now < Volatile.Read(ref _fullCheckDue) && CommitGeneration.Latest(_path) == known.Generation)
            return true;
        Volatile.Write(ref _fullCheckDue, now + (long)FullCheckInterval.TotalMilliseconds);
        return reader.IsCurrent();
    }

    /// <summary>The timer's work: merges the committed index into one segment when it has several and is at most
    /// <see cref="IdleMergeAlwaysBytes"/> (as configured) or the ones besides the largest hold at least <see cref="IdleMergeMinimumShare"/>
    /// of its bytes, then commits, so every reader (other
    /// processes through segments.gen) moves to the merged segment. Writes wait meanwhile; a write under way when the
    /// timer fires skips the merge and sets the timer again when it commits. Nothing committed can be lost: a failed
    /// merge is rolled back to the last commit (the next write reopens the writer), and the failure is recorded on the span.</summary>
    internal void MergeWhenIdle()
    {
        try
        {
            if (_disposed || !_writeGate.Wait(0))
                return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        using var activity = LuceneFullTextIndex.Activities.StartActivity(nameof(MergeWhenIdle), System.IO.Path.GetFileName(_path));
        try
        {
            if (_disposed || _writer is not { } writer || !WorthMerging(writer.Directory))
                return;
            CommitOrRollBack(writer, w => w.ForceMerge(1));
        }
        catch (Exception ex)
        {
            // A timer callback has no caller to throw to, and a merge is an optimisation: the index stays as committed.
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Applies the change and commits it, or rolls it back whole (the writer's gate is held).</summary>
    private void CommitOrRollBack(IndexWriter writer, Action<IndexWriter> change)
    {
        try
        {
            change(writer);
            writer.Commit();
        }
        catch
        {
            // Rollback discards the uncommitted part and closes the writer; the next write reopens it.
            _writer = null;
            writer.Rollback();
            throw;
        }
        // Outside the rollback: the change is committed. This process's own searches then find their reader current.
        _searchers?.MaybeRefreshBlocking();
    }

    private bool WorthMerging(Directory directory)
    {
        var segments = new SegmentInfos();
        segments.Read(directory);
        if (segments.Count < 2)
            return false;
        var sizes = segments.Segments.Select(s => s.GetSizeInBytes()).ToList();
        long total = sizes.Sum();
        return total <= _idleMergeAlwaysBytes || (total - sizes.Max()) >= IdleMergeMinimumShare * total;
    }

    /// <summary>Waits for a write or idle merge under way, whose writer and gate it disposes.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _idleMerge?.Dispose();
        _writeGate.Wait();
        _searchers?.Dispose();
        _writer?.Dispose();
        _directory?.Dispose();
        _writeGate.Dispose();
    }

    private IndexWriter OpenWriter() => new(OpenDirectory(), new IndexWriterConfig(LuceneDocuments.Version, _analyzer)
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
            if (FileOnPath(_path) is { } file)
                throw new IOException($"'{file}' is a file, not a directory.");
            // Positional file reads, not FSDirectory.Open's memory maps: Lucene.NET's MMapDirectory enters every clone
            // of an open file (each term's postings, each stored-fields read: hundreds per search with typo
            // expansions) into a weak map so it can refuse reads after close, and under concurrent searches the
            // garbage collector took about half of the machine's CPU over those weak entries (README, search latency).
            return _directory ??= new NIOFSDirectory(new DirectoryInfo(_path));
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
            throw new StoreUnavailableException(StoreNames.FullText, $"Lucene index at '{_path}': {ex.Message}", ex);
        }
    }

    private void Translate(Action action) => Translate(() => { action(); return true; });

    private static BM25Similarity Bm25() => new((float)FullTextSchema.Bm25K1, (float)FullTextSchema.Bm25B);

    /// <summary>The commit generation a reader was opened on (read once per reader).</summary>
    private sealed record ReaderGeneration(DirectoryReader Reader, long Generation);

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Bm25() };
    }
}
