namespace AgentPlatform.AnalyticsApi.Apis;

/// <summary>The analytics page: static HTML, script and style from wwwroot, served to anyone. The page holds no
/// data; its script calls the analytics API with the API key the person types in.</summary>
public static class AnalyticsPageApi
{
    public const string PagePath = "/analytics";

    /// <summary>Serves wwwroot. Call it before the authorization middleware: the fallback policy (an API key for
    /// everything) would otherwise apply to the files too. Plain static files rather than MapStaticAssets, whose
    /// pre-compressed variants live outside wwwroot until the app is published.</summary>
    public static WebApplication UseAnalyticsPageFiles(this WebApplication app)
    {
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapAnalyticsPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, () => TypedResults.VirtualFile("analytics.html", "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
