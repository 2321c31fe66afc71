using System.Diagnostics.Metrics;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Progress of the worker: as OpenTelemetry metrics (dashboard) and as a snapshot (status endpoint).</summary>
public sealed class IndexingMetrics
{
    private readonly Counter<long> _entries;
    private readonly Counter<long> _chunks;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _embedMs;
    private long _entriesTotal, _chunksTotal, _messagesTotal, _failuresTotal, _deletesTotal, _queueDepth;
    private readonly DateTimeOffset _startedAt;
    private readonly TimeProvider _clock;
    private DateTimeOffset? _lastRoundAt;
    private readonly Queue<(DateTimeOffset At, int Entries)> _recent = new();
    private readonly Lock _gate = new();

    public IndexingMetrics(TimeProvider clock)
    {
        _clock = clock;
        _startedAt = clock.GetUtcNow();
        var meter = AgentPlatform.ServiceDefaults.Telemetry.Meter;
        _entries = meter.CreateCounter<long>("agentplatform.indexing.entries", "{entry}", "Knowledge entries indexed");
        _chunks = meter.CreateCounter<long>("agentplatform.indexing.chunks", "{chunk}", "Chunks embedded and indexed");
        _messages = meter.CreateCounter<long>("agentplatform.indexing.messages", "{message}", "Conversation messages indexed for full-text search");
        _failures = meter.CreateCounter<long>("agentplatform.indexing.failures", "{failure}", "Failed indexing attempts");
        _embedMs = meter.CreateHistogram<double>("agentplatform.indexing.embed_batch.duration", "ms", "Embedding time per round");
        meter.CreateObservableGauge("agentplatform.indexing.queue_depth", () => Interlocked.Read(ref _queueDepth), "{message}", "Outbox messages waiting");
    }

    public void Indexed(int entries, int chunks)
    {
        _entries.Add(entries);
        _chunks.Add(chunks);
        Interlocked.Add(ref _entriesTotal, entries);
        Interlocked.Add(ref _chunksTotal, chunks);
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            _lastRoundAt = now;
            _recent.Enqueue((now, entries));
            while (_recent.Count > 0 && now - _recent.Peek().At > TimeSpan.FromMinutes(1)) _recent.Dequeue();
        }
    }

    public void MessagesIndexed(int messages)
    {
        _messages.Add(messages);
        Interlocked.Add(ref _messagesTotal, messages);
    }

    public void Deleted(int entries) => Interlocked.Add(ref _deletesTotal, entries);
    public void Failed() { _failures.Add(1); Interlocked.Increment(ref _failuresTotal); }
    public void Embedded(TimeSpan elapsed) => _embedMs.Record(elapsed.TotalMilliseconds);
    public void QueueDepth(long depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public sealed record Snapshot(long EntriesIndexed, long ChunksIndexed, long EntriesDeleted, long MessagesIndexed, long Failures, long QueueDepth,
        double EntriesPerSecondLastMinute, DateTimeOffset StartedAt, DateTimeOffset? LastRoundAt);

    public Snapshot Read()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var window = _recent.Count == 0 ? 0 : _recent.Where(r => now - r.At <= TimeSpan.FromMinutes(1)).Sum(r => r.Entries);
            var seconds = Math.Clamp((now - _startedAt).TotalSeconds, 1, 60);
            return new Snapshot(Interlocked.Read(ref _entriesTotal), Interlocked.Read(ref _chunksTotal), Interlocked.Read(ref _deletesTotal), Interlocked.Read(ref _messagesTotal),
                Interlocked.Read(ref _failuresTotal), Interlocked.Read(ref _queueDepth), window / seconds, _startedAt, _lastRoundAt);
        }
    }
}
