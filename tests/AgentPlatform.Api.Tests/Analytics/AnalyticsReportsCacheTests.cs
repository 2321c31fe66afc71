using AgentPlatform.Analytics;
using AgentPlatform.AnalyticsApi;
using AgentPlatform.Contracts;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;
using AgentPlatform.Tests.Embeddings;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Tests.Analytics;

/// <summary>Reports are cached per tenant, agent, window length and UTC day; each store query is recorded.</summary>
public sealed class AnalyticsReportsCacheTests : IDisposable
{
    private readonly RecordingStores _stores = new();
    private readonly TemporaryDirectory _lucene = TemporaryDirectory.Create("analytics-cache-");
    private readonly LuceneFullTextIndex _fullText;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 23, 59, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly AnalyticsReports _reports;

    public AnalyticsReportsCacheTests()
    {
        var services = new ServiceCollection();
        services.AddHybridCache();
        _services = services.BuildServiceProvider();
        _fullText = new LuceneFullTextIndex(_lucene.Path);
        _reports = new AnalyticsReports(_stores, _stores, _fullText, _services.GetRequiredService<HybridCache>(), _clock);
    }

    public void Dispose()
    {
        _services.Dispose();
        _fullText.Dispose();
        _lucene.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repeated_request_is_served_from_the_cache()
    {
        var first = await _reports.GetAsync("tenant-a", "planner", 7, Ct);
        var second = await _reports.GetAsync("tenant-a", "planner", 7, Ct);

        Assert.Single(_stores.Queries);
        Assert.Equal(2, _stores.MessageQueries.Count);
        Assert.Equal(first.Sessions, second.Sessions);
    }

    [Fact]
    public async Task Tenant_agent_and_window_length_each_get_their_own_entry()
    {
        await _reports.GetAsync("tenant-a", "planner", 7, Ct);
        await _reports.GetAsync("tenant-a", "planner", 30, Ct);
        await _reports.GetAsync("tenant-a", "coder", 7, Ct);
        await _reports.GetAsync("tenant-a", null, 7, Ct);
        await _reports.GetAsync("tenant-b", "planner", 7, Ct);
        // An agent id that looks like the marker of another key still gets its own entry.
        await _reports.GetAsync("tenant-a", "overview", 7, Ct);

        Assert.Equal(
            [("tenant-a", "planner", 7), ("tenant-a", "planner", 30), ("tenant-a", "coder", 7), ("tenant-a", null, 7), ("tenant-b", "planner", 7), ("tenant-a", "overview", 7)],
            _stores.Queries.Select(q => (q.TenantId, q.AgentId, (q.To - q.From).Days)));
    }

    [Fact]
    public async Task The_next_utc_day_moves_the_window_and_misses_the_cache()
    {
        var before = await _reports.GetAsync("tenant-a", null, 7, Ct);
        _clock.Advance(TimeSpan.FromMinutes(2));
        var after = await _reports.GetAsync("tenant-a", null, 7, Ct);

        Assert.Equal(2, _stores.Queries.Count);
        Assert.Equal((new DateTimeOffset(2025, 3, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero)), (before.From, before.To));
        Assert.Equal((before.From.AddDays(1), before.To.AddDays(1)), (after.From, after.To));
        Assert.Equal(new DateOnly(2025, 3, 11), after.Daily[^1].Day);
    }

    [Fact]
    public async Task Messages_per_day_join_the_relational_days_and_add_up()
    {
        _stores.MessagesPerDay[new DateOnly(2025, 3, 9)] = 4;
        _stores.MessagesPerDay[new DateOnly(2025, 3, 10)] = 2;

        var report = await _reports.GetAsync("tenant-a", "planner", 3, Ct);

        Assert.Equal([0L, 4, 2], report.Daily.Select(d => d.Messages));
        Assert.Equal(6, report.Messages);
        Assert.Equal([new DateOnly(2025, 3, 8), new DateOnly(2025, 3, 9), new DateOnly(2025, 3, 10)], report.Daily.Select(d => d.Day));
    }

    [Fact]
    public async Task Success_rate_users_and_response_length_come_from_the_stores_figures()
    {
        _stores.Successful = 3;
        _stores.Figures = new ConversationFigures(UniqueUsers: 2, AssistantMessages: 3, AssistantCharacters: 100);

        var report = await _reports.GetAsync("tenant-a", "planner", 3, Ct);
        _stores.Figures = new ConversationFigures(0, 0, 0);
        var empty = await _reports.GetAsync("tenant-b", null, 3, Ct);

        // 3 of 4 interactions succeeded; 100 characters over 3 responses, rounded to 2 decimals.
        Assert.Equal((4L, 3L, (double?)0.75, 2L), (report.Interactions.Total, report.Interactions.Successful, report.Interactions.SuccessRate, report.Interactions.Sessions));
        Assert.Equal((2L, (double?)33.33), (report.UniqueUsers, report.AverageResponseLength));
        Assert.Null(empty.AverageResponseLength);
        // The window holds no indexed message: every day is listed with none.
        Assert.Equal(0, report.ConversationActivity.Messages);
        Assert.Equal(report.Daily.Select(d => d.Day), report.ConversationActivity.Daily.Select(d => d.Day));
        Assert.Empty(report.ConversationActivity.TopTerms);
    }

    /// <summary>Stands in for both stores: records every query and answers with an empty summary of the window.</summary>
    private sealed class RecordingStores : IAnalyticsStore, IConversationActivity
    {
        public List<AnalyticsQuery> Queries { get; } = [];
        public List<(string TenantId, string? AgentId)> MessageQueries { get; } = [];
        public Dictionary<DateOnly, long> MessagesPerDay { get; } = [];
        public long Successful { get; set; }
        public ConversationFigures Figures { get; set; } = new(0, 0, 0);

        public Task<ActivitySummary> SummarizeAsync(AnalyticsQuery query, CancellationToken ct)
        {
            Queries.Add(query);
            return Task.FromResult(new ActivitySummary(
                new SessionStats(Queries.Count, 0, 0, null),
                [new InteractionTypeCount(InteractionType.Query, 4)],
                Successful,
                2,
                new ProcessingTimeStats(0, null, null, null),
                UtcDays.Between(query.From, query.To).Select(day => new DailyActivity(day, 0, 0)).ToList(),
                [],
                new KnowledgeGrowth(0, 0, 0),
                []));
        }

        public Task<IReadOnlyDictionary<DateOnly, long>> CountPerDayAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
        {
            MessageQueries.Add((tenantId, agentId));
            return Task.FromResult<IReadOnlyDictionary<DateOnly, long>>(MessagesPerDay);
        }

        public Task<ConversationFigures> SummarizeAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
        {
            MessageQueries.Add((tenantId, agentId));
            return Task.FromResult(Figures);
        }
    }
}
