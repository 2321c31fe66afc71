using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Storage;

/// <summary>Runs every registered initializer at start, retrying with backoff while a store is still coming up.
/// The process reports not-ready on /health until all are done, so the AppHost's WaitFor holds dependents back.</summary>
public sealed class StoreInitializationService(
    IEnumerable<IStoreInitializer> initializers, StoreInitializationState state, ILogger<StoreInitializationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
        await Task.WhenAll(initializers.Select(i => RunAsync(i, stoppingToken)));

    private async Task RunAsync(IStoreInitializer initializer, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await initializer.InitializeAsync(ct);
                state.MarkDone(initializer.Store);
                logger.LogInformation("Store {Store} initialized (attempt {Attempt})", initializer.Store, attempt);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                state.MarkFailed(initializer.Store, ex.Message);
                logger.LogWarning(ex, "Initializing store {Store} failed (attempt {Attempt}); retrying in {Delay}", initializer.Store, attempt, delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
