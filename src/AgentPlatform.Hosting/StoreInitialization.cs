using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Storage;

/// <summary>Which stores have been initialized in this process.</summary>
public sealed class StoreInitializationState
{
    private readonly ConcurrentDictionary<string, string?> _errors = new();
    private readonly ConcurrentDictionary<string, bool> _done = new();

    public bool IsReady(IEnumerable<string> stores) => stores.All(s => _done.ContainsKey(s));
    public void MarkDone(string store) { _done[store] = true; _errors.TryRemove(store, out _); }
    public void MarkFailed(string store, string error) => _errors[store] = error;
    public IReadOnlyDictionary<string, string?> Errors => _errors;
}

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

public sealed class StoreInitializationHealthCheck(IEnumerable<IStoreInitializer> initializers, StoreInitializationState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stores = initializers.Select(i => i.Store).Distinct().ToList();
        if (state.IsReady(stores))
            return Task.FromResult(HealthCheckResult.Healthy($"initialized: {string.Join(", ", stores)}"));
        var errors = string.Join("; ", state.Errors.Select(e => $"{e.Key}: {e.Value}"));
        return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
            "stores are still being initialized" + (errors.Length > 0 ? $" ({errors})" : "")));
    }
}

public static class StoreReadinessGate
{
    /// <summary>Answers API requests (/v1/...) with 503 and Retry-After until every store of this process is
    /// initialized, so no request runs against a database whose migrations have not been applied yet.
    /// <paramref name="optionalStores"/> are not waited for: the service answers without them (Search.Api serves
    /// full-text hits with a warning while Chroma is down, instead of refusing every request).</summary>
    public static IApplicationBuilder UseStoreReadinessGate(this IApplicationBuilder app, params string[] optionalStores)
    {
        var state = app.ApplicationServices.GetRequiredService<StoreInitializationState>();
        var stores = app.ApplicationServices.GetServices<IStoreInitializer>().Select(i => i.Store).Distinct().Except(optionalStores).ToList();
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/v1") || state.IsReady(stores))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "2";
            var pending = string.Join(", ", stores.Where(s => !state.IsReady([s])));
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Starting",
                detail: $"The service is still preparing its stores ({pending}); retry shortly.").ExecuteAsync(context);
        });
    }
}
