using AgentPlatform.Ports;
using AgentPlatform.Storage;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Two independent loops, one over the knowledge outbox and one over the conversation messages to index, so
/// a long knowledge round (large entries take a while to embed) never delays conversation messages. Each loop runs
/// rounds back to back while there is work and polls after a short wait when idle; a failed round is logged and
/// counts as no work.</summary>
public sealed class IndexingService(
    IServiceScopeFactory scopes,
    StoreInitializationState storeState,
    IEnumerable<IStoreInitializer> storeInitializers,
    IndexingMetrics metrics,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<IndexingService> logger) : BackgroundService
{
    private DateTimeOffset _queueDepthReadAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStoresAsync(stoppingToken);
        await Task.WhenAll(
            RunLoopAsync("knowledge", KnowledgeRoundAsync, stoppingToken),
            RunLoopAsync("conversation", ConversationRoundAsync, stoppingToken),
            RunModelLoopAsync(stoppingToken));
    }

    /// <summary>The embedding-model steps (<see cref="VectorModelMigrator"/>) at a steady pace beside the indexing loops.</summary>
    private async Task RunModelLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            await RunGuardedAsync("embedding model", (services, token) => services.GetRequiredService<VectorModelMigrator>().RunAsync(token), ct);
            await Task.Delay(options.Value.ModelCheckInterval, clock, ct);
        }
    }

    private async Task RunLoopAsync(string kind, Func<IServiceProvider, CancellationToken, Task<int>> round, CancellationToken ct)
    {
        // Off the caller's thread at once, so the two loops start side by side.
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            if (await RunGuardedAsync(kind, round, ct) == 0)
                await Task.Delay(options.Value.IdlePollInterval, ct);
        }
    }

    private async Task<int> KnowledgeRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var handled = await services.GetRequiredService<KnowledgeIndexer>().RunRoundAsync(ct);
        if (handled > 0)
            logger.LogInformation("Indexed a round of {Handled} outbox messages", handled);
        // The depth is a COUNT over the whole outbox: read now and then for the gauge, not after every round.
        var now = clock.GetUtcNow();
        if (now - _queueDepthReadAt >= options.Value.QueueDepthInterval)
        {
            _queueDepthReadAt = now;
            using (OpenTelemetry.SuppressInstrumentationScope.Begin())
                metrics.QueueDepth(await services.GetRequiredService<IKnowledgeOutbox>().PendingCountAsync(ct));
        }
        return handled;
    }

    private async Task<int> ConversationRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var indexed = await services.GetRequiredService<ConversationIndexer>().RunRoundAsync(ct);
        if (indexed > 0)
            logger.LogInformation("Indexed {Indexed} conversation messages", indexed);
        return indexed;
    }

    /// <summary>One round in its own scope; a failure is logged and counts as no work, so the loop waits before retrying.</summary>
    private async Task<int> RunGuardedAsync(string kind, Func<IServiceProvider, CancellationToken, Task<int>> round, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await round(scope.ServiceProvider, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "A {Kind} indexing round failed; retrying after {Delay}", kind, options.Value.IdlePollInterval);
            return 0;
        }
    }

    /// <summary>The store initializers (migrations, indexes) run at start; indexing waits for them.</summary>
    private async Task WaitForStoresAsync(CancellationToken ct)
    {
        var stores = storeInitializers.Select(i => i.Store).ToList();
        while (!storeState.IsReady(stores))
            await Task.Delay(200, ct);
    }
}
