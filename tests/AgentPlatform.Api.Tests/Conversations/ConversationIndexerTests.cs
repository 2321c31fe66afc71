using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.EmbeddingWorker.Indexing.Projections;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Sqlite;
using AgentPlatform.Storage.FullText.Lucene;
using AgentPlatform.Tests.Documents;
using AgentPlatform.Tests.FullText;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Tests.Conversations;

/// <summary>The worker's conversation round over a real SQLite documents file and a real Lucene index (no embedding model needed).</summary>
public sealed class ConversationIndexerTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly SqliteTestDatabase _documents = new();
    private readonly LuceneIndexRoot _fullText = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly IndexingMetrics _metrics;

    public ConversationIndexerTests() => _metrics = new IndexingMetrics(_clock);

    public async ValueTask DisposeAsync()
    {
        _fullText.Dispose();
        await _documents.DisposeAsync();
    }

    private static readonly IndexingOptions Settings = new()
    {
        MessagesPerRound = 2, Lease = Lease, MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMinutes(1), RetryMaxDelay = TimeSpan.FromMinutes(10),
    };

    /// <summary>The conversation indexer with the full-text projection only (the memory vectors need the model and Chroma:
    /// they are covered by the memory search tests).</summary>
    private ConversationIndexer Indexer(IMessageOutbox store, IFullTextIndex? fullText = null) => new(
        store, [new MessageFullTextProjection(fullText ?? _fullText.Index)], _metrics,
        Options.Create(Settings), _clock, NullLogger<ConversationIndexer>.Instance);

    private async Task<SqliteConversationStore> StoreAsync() => new(await _documents.InitializedAsync());

    private static ConversationMessage Message(string tenant, Guid session, int minute, string content, MessageRole role = MessageRole.User) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        SessionId = session,
        AgentId = "support-bot",
        UserId = "user-" + tenant,
        Role = role,
        Content = content,
        CreatedAt = Start.AddMinutes(minute - 60),
    };

    private Task<FullTextResult> SearchAsync(string tenant, string text, SearchFilter? filter = null) =>
        _fullText.Index.SearchAsync(FullTextIndexName.Conversations, new FullTextQuery(tenant, text, filter ?? new SearchFilter()), Ct);

    [Fact]
    public async Task Rounds_index_every_tenants_messages_and_mark_them()
    {
        var store = await StoreAsync();
        var session = Guid.NewGuid();
        var question = Message("acme", session, 0, "How do I rotate my API keys?");
        var answer = Message("acme", session, 1, "Rotate keys from the security settings page.", MessageRole.Assistant);
        var other = Message("acme", Guid.NewGuid(), 2, "Invoices are emailed monthly.");
        var globex = Message("globex", Guid.NewGuid(), 3, "Our keys leaked, rotate them now.");
        await store.AppendAsync([question, answer, other], Ct);
        await store.AppendAsync([globex], Ct);
        var indexer = Indexer(store);

        var rounds = new List<int>();
        for (var round = 0; round < 3; round++)
            rounds.Add(await indexer.RunRoundAsync(Ct));

        Assert.Equal([2, 2, 0], rounds);
        Assert.Equal(4, _metrics.Read().MessagesIndexed);
        var acme = await SearchAsync("acme", "rotate keys");
        Assert.Equal(new[] { answer.Id.ToString(), question.Id.ToString() }.Order(), acme.Hits.Select(h => h.Document.Id).Order());
        var indexed = acme.Hits.Single(h => h.Document.Id == answer.Id.ToString()).Document;
        Assert.Equal(
            ("acme", "support-bot", session.ToString("D"), "user-acme", "assistant", answer.Content, answer.CreatedAt),
            (indexed.TenantId, indexed.AgentId, indexed.SessionId, indexed.UserId, Assert.Single(indexed.Tags), indexed.Content, indexed.CreatedAt));
        Assert.Equal([globex.Id.ToString()], (await SearchAsync("globex", "rotate keys")).Hits.Select(h => h.Document.Id));
        Assert.Empty(await store.ClaimUnindexedAsync(10, Lease, Start.AddDays(1), Ct));
    }

    [Fact]
    public async Task A_crash_between_indexing_and_marking_reindexes_the_same_messages_once()
    {
        var store = await StoreAsync();
        var messages = new[]
        {
            Message("acme", Guid.NewGuid(), 0, "The deployment failed at step three."),
            Message("acme", Guid.NewGuid(), 1, "Retry the deployment after clearing the cache."),
        };
        await store.AppendAsync(messages, Ct);

        // The worker indexes, then dies before it can mark the messages.
        await Assert.ThrowsAsync<ProcessCrashed>(() => Indexer(new CrashBeforeMark(store)).RunRoundAsync(Ct));
        Assert.Equal(2, (await SearchAsync("acme", "deployment")).Total);

        // Another worker finds them leased, then claims them again once the lease is over.
        var restarted = Indexer(store);
        Assert.Equal(0, await restarted.RunRoundAsync(Ct));
        _clock.Advance(Lease);
        Assert.Equal(2, await restarted.RunRoundAsync(Ct));
        Assert.Equal(0, await restarted.RunRoundAsync(Ct));

        var found = await SearchAsync("acme", "deployment");
        Assert.Equal(2, found.Total);
        Assert.Equal(messages.Select(m => m.Id.ToString()).Order(), found.Hits.Select(h => h.Document.Id).Order());
    }

    [Fact]
    public async Task A_failed_index_leaves_the_messages_for_a_retry_after_the_lease()
    {
        var store = await StoreAsync();
        var message = Message("acme", Guid.NewGuid(), 0, "Where is my parcel?");
        await store.AppendAsync([message], Ct);
        Directory.CreateDirectory(_fullText.Root);
        var file = Path.Combine(_fullText.Root, "not-a-directory");
        await File.WriteAllTextAsync(file, "a file where the index root should be", Ct);
        using var broken = new LuceneFullTextIndex(file);

        Assert.Equal(0, await Indexer(store, broken).RunRoundAsync(Ct));
        Assert.Equal(1, _metrics.Read().Failures);
        Assert.Equal(0, _metrics.Read().MessagesIndexed);

        var working = Indexer(store);
        Assert.Equal(0, await working.RunRoundAsync(Ct));
        _clock.Advance(Lease);
        Assert.Equal(1, await working.RunRoundAsync(Ct));
        Assert.Equal([message.Id.ToString()], (await SearchAsync("acme", "parcel")).Hits.Select(h => h.Document.Id));
    }

    [Fact]
    public async Task A_message_the_index_rejects_does_not_hold_back_the_rest_of_its_batch_and_ends_Failed_with_its_error_until_a_reindex()
    {
        var store = await StoreAsync();
        var poison = Message("acme", Guid.NewGuid(), 0, "This one is rejected: poison.");
        var fine = Message("acme", Guid.NewGuid(), 1, "This one is fine.");
        await store.AppendAsync([poison, fine], Ct);
        var indexer = Indexer(store, new RejectingIndex(_fullText.Index, "poison"));

        Assert.Equal(1, await indexer.RunRoundAsync(Ct));
        // The batch failed, then the poison message alone; the other one was indexed and marked.
        Assert.Equal((1, 2), (_metrics.Read().MessagesIndexed, _metrics.Read().Failures));
        Assert.Equal([fine.Id.ToString()], (await SearchAsync("acme", "one")).Hits.Select(h => h.Document.Id));
        Assert.Equal(new MessageIndexingCounts(1, 1, 0), await store.CountIndexingAsync("acme", Ct));

        // Retried with backoff (1, then 2 minutes after the first and second failures), then given up after the third attempt.
        Assert.Equal(0, await indexer.RunRoundAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await indexer.RunRoundAsync(Ct));
        Assert.Equal(3, _metrics.Read().Failures);
        _clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Empty(await store.ClaimUnindexedAsync(10, Lease, _clock.GetUtcNow(), Ct));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await indexer.RunRoundAsync(Ct));
        Assert.Equal(4, _metrics.Read().Failures);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await store.ClaimUnindexedAsync(10, Lease, _clock.GetUtcNow(), Ct));
        Assert.Equal(new MessageIndexingCounts(0, 1, 1), await store.CountIndexingAsync("acme", Ct));
        Assert.Equal(0, (await store.CountIndexingAsync("other-tenant", Ct)).Failed);

        // A reindex queues it again, attempts reset; with the index fixed it is indexed.
        Assert.Equal(2, await store.EnqueueReindexAsync("acme", Ct));
        Assert.Equal(2, await Indexer(store).RunRoundAsync(Ct));
        Assert.Equal(new MessageIndexingCounts(0, 2, 0), await store.CountIndexingAsync("acme", Ct));
    }

    private sealed class ProcessCrashed() : Exception("the worker process died");

    /// <summary>An index that refuses (as a bad request, not an outage) any batch holding a message with the given word.</summary>
    private sealed class RejectingIndex(IFullTextIndex inner, string word) : IFullTextIndex
    {
        public Task EnsureCreatedAsync(CancellationToken ct) => inner.EnsureCreatedAsync(ct);
        public Task IndexAsync(FullTextIndexName index, IReadOnlyList<FullTextDocument> documents, CancellationToken ct) =>
            documents.Any(d => d.Content.Contains(word, StringComparison.Ordinal))
                ? throw new InvalidOperationException($"document rejected: it contains '{word}'")
                : inner.IndexAsync(index, documents, ct);
        public Task DeleteAsync(FullTextIndexName index, string tenantId, IReadOnlyList<string> ids, CancellationToken ct) => inner.DeleteAsync(index, tenantId, ids, ct);
        public Task<FullTextResult> SearchAsync(FullTextIndexName index, FullTextQuery query, CancellationToken ct) => inner.SearchAsync(index, query, ct);
        public Task<FullTextAggregations> AggregateAsync(FullTextIndexName index, FullTextAggregationRequest request, CancellationToken ct) => inner.AggregateAsync(index, request, ct);
    }

    /// <summary>A store whose process dies when the worker tries to mark messages indexed.</summary>
    private sealed class CrashBeforeMark(IMessageOutbox inner) : IMessageOutbox
    {
        public Task<IReadOnlyList<ConversationMessage>> ClaimUnindexedAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct) =>
            inner.ClaimUnindexedAsync(max, lease, now, ct);
        public Task MarkIndexedAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct) => throw new ProcessCrashed();
        public Task FailIndexingAsync(ConversationMessage message, string error, Func<int, DateTimeOffset?> retryAfterAttempt, CancellationToken ct) =>
            inner.FailIndexingAsync(message, error, retryAfterAttempt, ct);
    }
}
