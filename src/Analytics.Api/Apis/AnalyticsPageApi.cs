namespace AgentPlatform.AnalyticsApi.Apis;

/// <summary>The analytics page: static HTML, script and style from wwwroot, served to anyone. The page holds no
/// data; its script calls the analytics API with the API key the person types in.</summary>
public static class AnalyticsPageApi
{
    public const string PagePath = "/analytics";

    public static IEndpointRouteBuilder MapAnalyticsPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, () => TypedResults.VirtualFile("analytics.html", "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapStaticAssets().AllowAnonymous();
        return app;
    }
}
