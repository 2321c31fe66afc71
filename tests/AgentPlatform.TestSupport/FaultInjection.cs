using System.Collections.Concurrent;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Indexing;

/// <summary>The worker's projection steps, in the order it runs them (for a batch of entries or for one).</summary>
public enum IndexingStep { Vectors, FullText, Documents, Complete }

/// <summary>Error: the step throws like an unreachable store, the worker records the failure and retries later.
/// Crash: the round dies on the spot as if the process were killed (no failure recorded, claims stay leased).</summary>
public enum FaultKind { Error, Crash }

/// <summary>Faults planned per entry and step, fired by the decorators around the worker's ports just before the
/// real adapter would run that step.</summary>
public sealed class IndexingFaults
{
    private sealed class Plan(FaultKind kind, int times)
    {
        public FaultKind Kind { get; } = kind;
        public int Remaining = times;
    }

    private readonly ConcurrentDictionary<(Guid Entry, IndexingStep Step), Plan> _plans = new();
    private readonly ConcurrentQueue<(Guid Entry, IndexingStep Step)> _fired = new();

    /// <summary>Cancelled by a crash fault; the test passes its token to the round it expects to crash.</summary>
    public CancellationTokenSource? RoundToKill { get; set; }

    public IReadOnlyCollection<(Guid Entry, IndexingStep Step)> Fired => _fired;

    /// <summary>The next <paramref name="times"/> runs of the step for the entry fail (whether the entry is projected
    /// alone or in a batch with others).</summary>
    public void Times(Guid entryId, IndexingStep step, FaultKind kind, int times) => _plans[(entryId, step)] = new Plan(kind, times);

    public void Always(Guid entryId, IndexingStep step) => _plans[(entryId, step)] = new Plan(FaultKind.Error, int.MaxValue);

    public void Before(IndexingStep step, Guid entryId)
    {
        if (!_plans.TryGetValue((entryId, step), out var plan) || Interlocked.Decrement(ref plan.Remaining) < 0)
            return;
        _fired.Enqueue((entryId, step));
        if (plan.Kind == FaultKind.Error)
            throw new StoreUnavailableException(step.ToString(), $"injected fault before {step} of entry {entryId}");
        var round = RoundToKill ?? throw new InvalidOperationException("A crash fault needs RoundToKill.");
        round.Cancel();
        throw new OperationCanceledException("injected crash", round.Token);
    }
}

internal sealed class FaultingVectorIndex(IVectorIndex inner, IndexingFaults faults) : IVectorIndex
{
    public Task<VectorCollectionStats> StatsAsync(string tenantId, CancellationToken ct) => inner.StatsAsync(tenantId, ct);
    public Task UpsertAsync(string tenantId, IReadOnlyList<VectorRecord> records, CancellationToken ct)
    {
        foreach (var entryId in records.Select(r => r.EntryId).Distinct())
            faults.Before(IndexingStep.Vectors, entryId);
        return inner.UpsertAsync(tenantId, records, ct);
    }

    public Task DeleteEntryAsync(string tenantId, Guid entryId, CancellationToken ct) => inner.DeleteEntryAsync(tenantId, entryId, ct);
    public Task DeleteChunksFromAsync(string tenantId, IReadOnlyList<(Guid EntryId, int FromChunk)> entries, CancellationToken ct) =>
        inner.DeleteChunksFromAsync(tenantId, entries, ct);
    public Task<IReadOnlyList<VectorHit>> QueryAsync(string tenantId, ReadOnlyMemory<float> embedding, int topK, SearchFilter filter, CancellationToken ct) =>
        inner.QueryAsync(tenantId, embedding, topK, filter, ct);
    public Task<IReadOnlyList<VectorMatch>> MatchAsync(string tenantId, ReadOnlyMemory<float> embedding, int topK, SearchFilter filter, CancellationToken ct) =>
        inner.MatchAsync(tenantId, embedding, topK, filter, ct);
    public Task<long> CountAsync(string tenantId, CancellationToken ct) => inner.CountAsync(tenantId, ct);
}

internal sealed class FaultingFullTextIndex(IFullTextIndex inner, IndexingFaults faults) : IFullTextIndex
{
    public Task IndexAsync(FullTextIndexName index, IReadOnlyList<FullTextDocument> documents, CancellationToken ct)
    {
        foreach (var document in documents)
            faults.Before(IndexingStep.FullText, Guid.Parse(document.Id));
        return inner.IndexAsync(index, documents, ct);
    }

    public Task EnsureCreatedAsync(CancellationToken ct) => inner.EnsureCreatedAsync(ct);
    public Task DeleteAsync(FullTextIndexName index, string tenantId, IReadOnlyList<string> ids, CancellationToken ct) => inner.DeleteAsync(index, tenantId, ids, ct);
    public Task<FullTextResult> SearchAsync(FullTextIndexName index, FullTextQuery query, CancellationToken ct) => inner.SearchAsync(index, query, ct);
    public Task<FullTextAggregations> AggregateAsync(FullTextIndexName index, FullTextAggregationRequest request, CancellationToken ct) =>
        inner.AggregateAsync(index, request, ct);
}

internal sealed class FaultingDocumentStore(IKnowledgeDocumentStore inner, IndexingFaults faults) : IKnowledgeDocumentStore
{
    public Task UpsertAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken ct)
    {
        foreach (var document in documents)
            faults.Before(IndexingStep.Documents, document.EntryId);
        return inner.UpsertAsync(documents, ct);
    }

    public Task<IReadOnlyList<KnowledgeDocument>> GetManyAsync(string tenantId, IReadOnlyCollection<Guid> entryIds, CancellationToken ct) =>
        inner.GetManyAsync(tenantId, entryIds, ct);
    public Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct) => inner.DeleteAsync(tenantId, entryId, ct);
    public Task<IReadOnlyList<DocumentTextHit>> SearchTextAsync(string tenantId, string text, SearchFilter filter, int limit, CancellationToken ct) =>
        inner.SearchTextAsync(tenantId, text, filter, limit, ct);
}

/// <summary>Records every message it hands out (claims) and fires the Complete faults.</summary>
public sealed class ObservedOutbox(IKnowledgeOutbox inner, IndexingFaults? faults = null) : IKnowledgeOutbox
{
    private readonly ConcurrentQueue<OutboxMessage> _claimed = new();

    public IReadOnlyCollection<OutboxMessage> Claimed => _claimed;

    public async Task<IReadOnlyList<ClaimedOutboxMessage>> ClaimAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        var claimed = await inner.ClaimAsync(max, lease, now, ct);
        foreach (var message in claimed)
            _claimed.Enqueue(message.Message);
        return claimed;
    }

    public Task CompleteUpsertAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset indexedAt, CancellationToken ct)
    {
        foreach (var message in messages)
            faults?.Before(IndexingStep.Complete, message.EntryId);
        return inner.CompleteUpsertAsync(messages, indexedAt, ct);
    }

    public Task CompleteDeleteAsync(OutboxMessage message, CancellationToken ct) => inner.CompleteDeleteAsync(message, ct);
    public Task FailAsync(OutboxMessage message, string error, DateTimeOffset? retryAt, CancellationToken ct) => inner.FailAsync(message, error, retryAt, ct);
    public Task<long> PendingCountAsync(CancellationToken ct) => inner.PendingCountAsync(ct);
    public Task ReleaseAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset now, CancellationToken ct) => inner.ReleaseAsync(messages, now, ct);
}

/// <summary>Remembers every text the worker sends to the model.</summary>
public sealed class CountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly ConcurrentQueue<string> _texts = new();

    public IReadOnlyCollection<string> Texts => _texts;

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        foreach (var text in texts)
            _texts.Enqueue(text);
        return base.GenerateAsync(texts, options, cancellationToken);
    }

    /// <summary>How many embedded texts contain the marker (each test entry carries a unique word).</summary>
    public int CountContaining(string marker) => _texts.Count(t => t.Contains(marker, StringComparison.Ordinal));
}

/// <summary>The system clock moved forward by whatever the test advanced it by, so rows that other hosts write at
/// real time are due for it too.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
