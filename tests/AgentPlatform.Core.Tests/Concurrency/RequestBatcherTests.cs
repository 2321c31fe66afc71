using AgentPlatform.Concurrency;

namespace AgentPlatform.Tests.Concurrency;

public sealed class RequestBatcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A batch operation that records each batch and holds it until the test releases it; its answer to
    /// request n is "n!".</summary>
    private sealed class HeldOperation
    {
        private readonly Lock _gate = new();
        private readonly List<(string Key, int[] Requests, TaskCompletionSource Release, CancellationToken Token)> _batches = [];

        public bool HoldBatches { get; init; } = true;
        public Exception? Failure { get; set; }
        public int? AnswerCount { get; set; }

        public IReadOnlyList<int[]> Batches { get { lock (_gate) return [.. _batches.Select(b => b.Requests)]; } }

        public IReadOnlyList<string> Keys { get { lock (_gate) return [.. _batches.Select(b => b.Key)]; } }

        public CancellationToken TokenOf(int batch) { lock (_gate) return _batches[batch].Token; }

        public void Release(int batch) { lock (_gate) _batches[batch].Release.TrySetResult(); }

        public Task WaitForBatchesAsync(int count) => WaitUntilAsync(() => Batches.Count == count);

        public async Task<IReadOnlyList<string>> RunAsync(string key, IReadOnlyList<int> requests, CancellationToken ct)
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
                _batches.Add((key, [.. requests], release, ct));
            if (HoldBatches)
                await release.Task.WaitAsync(ct);
            if (Failure is { } failure)
                throw failure;
            return [.. requests.Take(AnswerCount ?? requests.Count).Select(r => $"{r}!")];
        }
    }

    private static RequestBatcher<string, int, string> BatcherOf(HeldOperation operation, int maxBatchSize = 8, int maxConcurrentBatches = 1) =>
        new(operation.RunAsync, maxBatchSize, maxConcurrentBatches);

    [Fact]
    public async Task A_request_alone_is_sent_at_once_by_itself()
    {
        var operation = new HeldOperation { HoldBatches = false };
        var batcher = BatcherOf(operation, maxConcurrentBatches: 2);

        Assert.Equal("1!", await batcher.RunAsync("a", 1, Ct));
        Assert.Equal("2!", await batcher.RunAsync("a", 2, Ct));

        Assert.Equal([[1], [2]], operation.Batches);
    }

    [Fact]
    public async Task Requests_made_while_every_slot_is_busy_wait_and_go_together_each_with_its_own_answer()
    {
        var operation = new HeldOperation();
        var batcher = BatcherOf(operation, maxConcurrentBatches: 2);

        var first = batcher.RunAsync("a", 1, Ct);
        var second = batcher.RunAsync("a", 2, Ct);
        var waiting = Enumerable.Range(3, 4).Select(n => batcher.RunAsync("a", n, Ct)).ToArray();

        Assert.Equal([[1], [2]], operation.Batches);
        Assert.All(waiting, task => Assert.False(task.IsCompleted));
        operation.Release(0);
        Assert.Equal("1!", await first);
        await operation.WaitForBatchesAsync(3);
        Assert.Equal([3, 4, 5, 6], operation.Batches[2]);
        operation.Release(2);
        Assert.Equal(["3!", "4!", "5!", "6!"], await Task.WhenAll(waiting));
        operation.Release(1);
        Assert.Equal("2!", await second);
        Assert.Equal(3, operation.Batches.Count);
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_batch_size_and_one_callers_many_requests_fill_batches_in_order()
    {
        var operation = new HeldOperation { HoldBatches = false };
        var batcher = BatcherOf(operation, maxBatchSize: 2);

        var answers = await batcher.RunAsync("a", [1, 2, 3, 4, 5], Ct);

        Assert.Equal(["1!", "2!", "3!", "4!", "5!"], answers);
        Assert.Equal([[1, 2], [3, 4], [5]], operation.Batches);
    }

    [Fact]
    public async Task Requests_of_another_key_do_not_wait_for_a_busy_key()
    {
        var operation = new HeldOperation();
        var batcher = BatcherOf(operation);

        var busy = batcher.RunAsync("a", 1, Ct);
        var waitingForA = batcher.RunAsync("a", 2, Ct);
        var other = batcher.RunAsync("b", 3, Ct);

        Assert.Equal(["a", "b"], operation.Keys);
        operation.Release(1);
        Assert.Equal("3!", await other);
        Assert.False(waitingForA.IsCompleted);
        operation.Release(0);
        await busy;
        await operation.WaitForBatchesAsync(3);
        operation.Release(2);
        Assert.Equal("2!", await waitingForA);
    }

    [Fact]
    public async Task A_waiting_request_whose_caller_cancels_ends_at_once_and_is_not_sent()
    {
        var operation = new HeldOperation();
        var batcher = BatcherOf(operation);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var busy = batcher.RunAsync("a", 1, Ct);
        var cancelled = batcher.RunAsync("a", 2, cancel.Token);
        var kept = batcher.RunAsync("a", 3, Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        operation.Release(0);
        await busy;
        await operation.WaitForBatchesAsync(2);
        Assert.Equal([3], operation.Batches[1]);
        operation.Release(1);
        Assert.Equal("3!", await kept);
    }

    [Fact]
    public async Task A_running_batch_is_cancelled_only_when_every_caller_in_it_has_cancelled()
    {
        var operation = new HeldOperation();
        var batcher = BatcherOf(operation);
        using var cancelFirst = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var cancelSecond = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var busy = batcher.RunAsync("a", 1, Ct);
        var first = batcher.RunAsync("a", 2, cancelFirst.Token);
        var second = batcher.RunAsync("a", 3, cancelSecond.Token);
        operation.Release(0);
        await busy;
        await operation.WaitForBatchesAsync(2);
        var batchToken = operation.TokenOf(1);

        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(batchToken.IsCancellationRequested);
        await cancelSecond.CancelAsync();
        Assert.True(batchToken.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task A_failed_batch_fails_each_of_its_requests_and_the_next_batch_still_runs()
    {
        var failure = new InvalidOperationException("engine down");
        var operation = new HeldOperation();
        var batcher = BatcherOf(operation);

        var busy = batcher.RunAsync("a", 1, Ct);
        var failing = new[] { batcher.RunAsync("a", 2, Ct), batcher.RunAsync("a", 3, Ct) };
        operation.Failure = failure;
        operation.Release(0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => busy);
        await operation.WaitForBatchesAsync(2);
        operation.Release(1);
        foreach (var task in failing)
            Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => task));

        operation.Failure = null;
        var after = batcher.RunAsync("a", 4, Ct);
        await operation.WaitForBatchesAsync(3);
        operation.Release(2);
        Assert.Equal("4!", await after);
    }

    [Fact]
    public async Task An_operation_answering_fewer_results_than_requests_fails_the_batch()
    {
        var operation = new HeldOperation { HoldBatches = false, AnswerCount = 1 };
        var batcher = BatcherOf(operation);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.RunAsync("a", [1, 2], Ct));

        Assert.Contains("1 results for 2 requests", error.Message);
    }

    [Fact]
    public async Task A_caller_cancelled_before_it_asks_sends_nothing()
    {
        var operation = new HeldOperation { HoldBatches = false };
        var batcher = BatcherOf(operation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.RunAsync("a", 1, new CancellationToken(canceled: true)));

        Assert.Empty(operation.Batches);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(5, timeout.Token);
    }
}
