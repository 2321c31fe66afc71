using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Generated bad requests (<see cref="BadRequestGenerator"/>) against Search.Api and Analytics.Api over the
/// indexed data of <see cref="TenantPlatformFixture"/>, sent with tenant A's key unless the case is about the key:
/// each gets a 4xx with problem details, or 200 with exactly what its hostile-but-valid literal may match; no 5xx, no
/// stack trace; and no store of either tenant changes.</summary>
[Collection(TenantPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ReadApiFuzzTests(TenantPlatformFixture platform)
{
    private const int SearchCases = 700;
    private const int AnalyticsCases = 400;

    private FuzzTargets Targets => new(platform.A.Entries[0].Id, platform.A.SessionId, platform.A.AgentId, TenantData.StateTypes[0])
    {
        OwnIds = new HashSet<Guid>([.. platform.A.EntryIds, platform.A.SessionId]),
    };

    [Fact]
    public async Task Hundreds_of_bad_search_requests_get_4xx_problem_details_or_only_the_callers_hits()
    {
        var cases = new BadRequestGenerator(new Random(FuzzRunner.Seed), Targets).GenerateSearch(SearchCases);
        await AssertNoRecordChangesAsync(async () =>
            await FuzzRunner.AssertAllAsExpectedAsync(await platform.ClientAsync(PlatformService.Search, apiKey: null), cases, minimum: 500));
    }

    [Fact]
    public async Task Hundreds_of_bad_analytics_requests_get_4xx_problem_details_or_an_empty_report()
    {
        var cases = new BadRequestGenerator(new Random(FuzzRunner.Seed), Targets).GenerateAnalytics(AnalyticsCases);
        await AssertNoRecordChangesAsync(async () =>
            await FuzzRunner.AssertAllAsExpectedAsync(await platform.ClientAsync(PlatformService.Analytics, apiKey: null), cases, minimum: 300));
    }

    private async Task AssertNoRecordChangesAsync(Func<Task> run)
    {
        var before = (await platform.RecordsOfAsync(platform.A), await platform.RecordsOfAsync(platform.B));
        await run();
        Assert.Equal(before, (await platform.RecordsOfAsync(platform.A), await platform.RecordsOfAsync(platform.B)));
    }
}
