using AgentPlatform.Ports;
using AgentPlatform.Storage;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Drains the outbox: rounds back to back while there is work, a short poll when idle.</summary>
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
            int handled;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var indexer = scope.ServiceProvider.GetRequiredService<KnowledgeIndexer>();
                handled = await indexer.RunRoundAsync(stoppingToken);
                var depth = await scope.ServiceProvider.GetRequiredService<IKnowledgeOutbox>().PendingCountAsync(stoppingToken);
                metrics.QueueDepth(depth);
                if (handled > 0)
                    logger.LogInformation("Indexed a round of {Handled} outbox messages; {Depth} waiting", handled, depth);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Indexing round failed; retrying after {Delay}", options.Value.IdlePollInterval);
                handled = 0;
            }
            if (handled == 0)
                await Task.Delay(options.Value.IdlePollInterval, stoppingToken);
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
