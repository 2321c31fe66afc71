// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Globalization;
using AgentPlatform.AnalyticsApi;
using AgentPlatform.Tests.Api;
using Microsoft.Playwright;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Analytics;

/// <summary>Loads /analytics from the Kestrel-hosted Analytics.Api in Debian's headless Chromium, signs in with tenant
/// A's key, picks an agent and checks that the charts drew that agent's figures.</summary>
[Collection(AnalyticsFlowCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class AnalyticsPageBrowserTests(AnalyticsFlowFixture flow)
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private const string Agent = "support-bot";

    /// <summary>Where the page's screenshot goes (the README's docs/analytics.png is a copy of it).</summary>
    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "analytics.png");

    [Fact]
    public async Task The_page_draws_the_chosen_agents_daily_histogram_types_and_latency()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Skip($"No Chromium at {ChromiumPath}; install it with: apt-get install -y chromium");
        var client = await flow.AnalyticsClientAsync();
        var report = await HttpAssert.OkJsonAsync<AnalyticsReport>(await client.GetAsync($"/v1/agents/{Agent}/analytics?days=7"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1100 } });
        await page.GotoAsync(new Uri(client.BaseAddress!, "/analytics").ToString());
        await page.FillAsync("#api-key", ServiceFactory<AgentPlatform.AnalyticsApi.AnalyticsReports>.TenantAKey);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#agent option", new() { HasText = Agent })).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#agent", Agent);
        await Assertions.Expect(page.Locator("#report-title")).ToContainTextAsync(Agent);

        Assert.Equal(report.Daily.Select(d => d.Interactions), await BarValuesAsync(page, "#chart-daily", "interactions"));
        Assert.Equal(report.Daily.Select(d => d.Sessions), await BarValuesAsync(page, "#chart-daily", "sessions"));
        Assert.Equal(report.Daily.Select(d => d.Messages), await BarValuesAsync(page, "#chart-daily", "messages"));
        Assert.Equal(report.Interactions.ByType.Select(t => t.Count), await BarValuesAsync(page, "#chart-types", "interactions"));
        Assert.Equal(
            [report.ProcessingTime.AverageMs!.Value, report.ProcessingTime.P50Ms!.Value, report.ProcessingTime.P95Ms!.Value],
            (await page.Locator("#chart-latency rect.bar").EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.value)"))
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)));
        var cards = await page.Locator("#cards .card").EvaluateAllAsync<string[]>(
            "cards => cards.map(c => c.querySelector('.label').textContent + '=' + c.querySelector('.value').textContent)");
        Assert.Contains($"Success rate={(report.Interactions.SuccessRate!.Value * 100).ToString("0.0", CultureInfo.InvariantCulture)} %", cards);
        Assert.Contains($"Unique users={report.UniqueUsers}", cards);
        // The bars have height in proportion to their values: the tallest daily interaction bar is the busiest day's.
        var heights = await page.Locator("#chart-daily rect.bar[data-series=interactions]").EvaluateAllAsync<double[]>(
            "bars => bars.map(b => b.getBBox().height)");
        Assert.Equal(report.Daily.Select(d => d.Interactions).ToList().IndexOf(report.Daily.Max(d => d.Interactions)), Array.IndexOf(heights, heights.Max()));
        Assert.True(heights.Max() > 100, $"tallest bar is {heights.Max()} px");

        await page.ScreenshotAsync(new() { Path = ScreenshotPath, FullPage = true });
    }

    private static async Task<long[]> BarValuesAsync(IPage page, string chart, string series) =>
        (await page.Locator($"{chart} rect.bar[data-series={series}]").EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.value)"))
        .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
