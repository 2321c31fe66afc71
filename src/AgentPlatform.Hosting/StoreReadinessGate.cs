using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Storage;

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
