using AgentPlatform.Ports;
using AgentPlatform.Storage;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Drains the knowledge outbox and the conversation messages still to index: each loop runs one round of
/// each (independently: one failing does not hold the other back), back to back while there is work, a short poll when idle.</summary>
public sealed class IndexingService(
    IServiceScopeFactory scopes,
    StoreInitializationState storeState,
    IEnumerable<IStoreInitializer> storeInitializers,
    IndexingMetrics metrics,
    IOptions<IndexingOptions> options,
    ILogger<IndexingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStoresAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = await RunGuardedAsync("knowledge", KnowledgeRoundAsync, stoppingToken)
                + await RunGuardedAsync("conversation", ConversationRoundAsync, stoppingToken);
            if (handled == 0)
                await Task.Delay(options.Value.IdlePollInterval, stoppingToken);
        }
    }

    private async Task<int> KnowledgeRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var handled = await services.GetRequiredService<KnowledgeIndexer>().RunRoundAsync(ct);
        var depth = await services.GetRequiredService<IKnowledgeOutbox>().PendingCountAsync(ct);
        metrics.QueueDepth(depth);
        if (handled > 0)
            logger.LogInformation("Indexed a round of {Handled} outbox messages; {Depth} waiting", handled, depth);
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
