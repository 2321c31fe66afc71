namespace AgentPlatform.Concurrency;

/// <summary>
/// Sends requests to an engine together when they queue: at most <c>maxConcurrentBatches</c> batches of one key run
/// at once, requests made while that many run wait, and the next free slot takes up to <c>maxBatchSize</c> of the
/// waiting requests as one batch. A request that finds a free slot goes at once, so batching adds no wait to a
/// request alone; under concurrent load the engine's cost per call (a round trip, a model run) is shared by a batch.
/// </summary>
/// <remarks>
/// A caller that cancels is answered with its cancellation at once; a running batch is cancelled only when every
/// caller in it has cancelled, since the others still wait for their answers. A batch that fails fails each of its
/// requests with the same exception. Keys separate requests that cannot share a call (another tenant, another filter).
/// </remarks>
public sealed class RequestBatcher<TKey, TRequest, TResult> where TKey : notnull
{
    /// <summary>Answers a batch of requests of one key, one result per request in order.</summary>
    public delegate Task<IReadOnlyList<TResult>> BatchOperation(TKey key, IReadOnlyList<TRequest> requests, CancellationToken cancellationToken);

    private readonly BatchOperation _operation;
    private readonly int _maxBatchSize;
    private readonly int _maxConcurrentBatches;
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, KeyQueue> _queues = [];

    public RequestBatcher(BatchOperation operation, int maxBatchSize, int maxConcurrentBatches)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentBatches, 1);
        _operation = operation;
        _maxBatchSize = maxBatchSize;
        _maxConcurrentBatches = maxConcurrentBatches;
    }

    public async Task<TResult> RunAsync(TKey key, TRequest request, CancellationToken cancellationToken) =>
        (await RunAsync(key, [request], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>The requests' results in order. The requests queue in order, so a caller's requests travel in as few
    /// batches as their number allows.</summary>
    public Task<TResult[]> RunAsync(TKey key, IReadOnlyList<TRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<TResult[]>(cancellationToken);
        if (requests.Count == 0)
            return Task.FromResult<TResult[]>([]);

        var pending = new Pending[requests.Count];
        int runners;
        KeyQueue queue;
        lock (_gate)
        {
            if (!_queues.TryGetValue(key, out queue!))
                _queues[key] = queue = new KeyQueue();
            for (int i = 0; i < pending.Length; i++)
                queue.Waiting.Enqueue(pending[i] = new Pending(this, requests[i], cancellationToken));
            int batchesWaiting = (queue.Waiting.Count + _maxBatchSize - 1) / _maxBatchSize;
            runners = Math.Min(_maxConcurrentBatches - queue.Running, batchesWaiting);
            queue.Running += runners;
        }
        // Registered after the requests are queued and outside the lock: a token cancelled meanwhile runs the callback here.
        foreach (var request in pending)
            request.WatchCancellation();
        for (int i = 0; i < runners; i++)
            _ = RunBatchesAsync(key, queue);
        return Task.WhenAll(Array.ConvertAll(pending, p => p.Result.Task));
    }

    /// <summary>One slot's loop: batches of the key's waiting requests until none wait.</summary>
    private async Task RunBatchesAsync(TKey key, KeyQueue queue)
    {
        while (true)
        {
            Batch? batch;
            lock (_gate)
            {
                batch = TakeBatch(queue);
                if (batch is null)
                {
                    queue.Running--;
                    if (queue.Running == 0 && queue.Waiting.Count == 0)
                        _queues.Remove(key);
                    return;
                }
            }
            await RunBatchAsync(key, batch).ConfigureAwait(false);
        }
    }

    /// <summary>Up to the batch size of waiting requests whose callers have not cancelled; null when there are none.</summary>
    private Batch? TakeBatch(KeyQueue queue)
    {
        Batch? batch = null;
        while (queue.Waiting.Count > 0 && (batch is null || batch.Requests.Count < _maxBatchSize))
        {
            var request = queue.Waiting.Dequeue();
            if (request.Cancelled)
                continue;
            batch ??= new Batch();
            request.Batch = batch;
            batch.Requests.Add(request);
        }
        if (batch is not null)
            batch.Live = batch.Requests.Count;
        return batch;
    }

    private async Task RunBatchAsync(TKey key, Batch batch)
    {
        try
        {
            var results = await _operation(key, [.. batch.Requests.Select(r => r.Request)], batch.Cancellation.Token).ConfigureAwait(false);
            if (results.Count != batch.Requests.Count)
                throw new InvalidOperationException($"The batch operation answered {results.Count} results for {batch.Requests.Count} requests.");
            for (int i = 0; i < results.Count; i++)
                batch.Requests[i].Complete(results[i]);
        }
        catch (Exception e)
        {
            foreach (var request in batch.Requests)
                request.Fail(e);
        }
        finally
        {
            batch.Cancellation.Dispose();
        }
    }

    private void OnCancelled(Pending request)
    {
        bool stopBatch = false;
        lock (_gate)
        {
            request.Cancelled = true;
            if (request.Batch is { } batch)
                stopBatch = --batch.Live == 0;
        }
        request.Result.TrySetCanceled(request.CancellationToken);
        if (stopBatch)
        {
            try
            {
                request.Batch!.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The batch finished meanwhile: nothing left to stop.
            }
        }
    }

    private sealed class KeyQueue
    {
        public Queue<Pending> Waiting { get; } = new();
        public int Running { get; set; }
    }

    private sealed class Batch
    {
        public List<Pending> Requests { get; } = [];
        public CancellationTokenSource Cancellation { get; } = new();
        /// <summary>Requests of the batch whose callers still wait (changed under the batcher's lock).</summary>
        public int Live { get; set; }
    }

    private sealed class Pending(RequestBatcher<TKey, TRequest, TResult> owner, TRequest request, CancellationToken cancellationToken)
    {
        private readonly RequestBatcher<TKey, TRequest, TResult> _owner = owner;
        private CancellationTokenRegistration _registration;

        public TRequest Request { get; } = request;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        /// <summary>Set under the batcher's lock.</summary>
        public Batch? Batch { get; set; }
        /// <summary>Set under the batcher's lock.</summary>
        public bool Cancelled { get; set; }

        public void WatchCancellation()
        {
            if (!CancellationToken.CanBeCanceled)
                return;
            _registration = CancellationToken.Register(static state => { var p = (Pending)state!; p._owner.OnCancelled(p); }, this);
            // Answered before the registration existed: nothing is left to unregister it.
            if (Result.Task.IsCompleted)
                _registration.Unregister();
        }

        public void Complete(TResult result)
        {
            _registration.Unregister();
            Result.TrySetResult(result);
        }

        public void Fail(Exception exception)
        {
            _registration.Unregister();
            if (exception is OperationCanceledException && CancellationToken.IsCancellationRequested)
                Result.TrySetCanceled(CancellationToken);
            else
                Result.TrySetException(exception);
        }
    }
}
