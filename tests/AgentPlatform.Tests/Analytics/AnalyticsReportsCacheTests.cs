using AgentPlatform.Analytics;
using AgentPlatform.AnalyticsApi;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Sqlite;
using AgentPlatform.Tests.Documents;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Analytics;

/// <summary>Reports join the relational summary with the document store's messages per day, and are cached per
/// tenant, agent, window length and UTC day. The relational side records each query it is asked.</summary>
public sealed class AnalyticsReportsCacheTests : IAsyncLifetime
{
    private readonly RecordingAnalyticsStore _analytics = new();
    private readonly MovableClock _clock = new(new DateTimeOffset(2025, 3, 10, 23, 59, 0, TimeSpan.Zero));
    private readonly SqliteTestDatabase _documents = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
    private SqliteConversationStore _conversations = null!;
    private AnalyticsReports _reports = null!;

    public async ValueTask InitializeAsync()
    {
        _conversations = new SqliteConversationStore(await _documents.InitializedAsync());
        _reports = new AnalyticsReports(_analytics, _conversations, _services.GetRequiredService<HybridCache>(), _clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _documents.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repeated_request_is_served_from_the_cache()
    {
        var first = await _reports.GetAsync("tenant-a", "planner", 7, Ct);
        await _conversations.AppendAsync([Message("tenant-a", "planner", _clock.Now)], Ct);
        var second = await _reports.GetAsync("tenant-a", "planner", 7, Ct);

        Assert.Single(_analytics.Queries);
        Assert.Equal(first, second);
        Assert.Equal(0, second.Messages);
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
            _analytics.Queries.Select(q => (q.TenantId, q.AgentId, (q.To - q.From).Days)));
    }

    [Fact]
    public async Task The_next_utc_day_moves_the_window_and_misses_the_cache()
    {
        var before = await _reports.GetAsync("tenant-a", null, 7, Ct);
        _clock.Now = _clock.Now.AddMinutes(2);
        var after = await _reports.GetAsync("tenant-a", null, 7, Ct);

        Assert.Equal(2, _analytics.Queries.Count);
        Assert.Equal((new DateTimeOffset(2025, 3, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero)), (before.From, before.To));
        Assert.Equal((before.From.AddDays(1), before.To.AddDays(1)), (after.From, after.To));
        Assert.Equal(new DateOnly(2025, 3, 11), after.Daily[^1].Day);
    }

    [Fact]
    public async Task Messages_per_day_of_the_agent_join_the_relational_days_and_add_up()
    {
        var today = _clock.Now;
        await _conversations.AppendAsync(
        [
            Message("tenant-a", "planner", today.AddDays(-1)), Message("tenant-a", "planner", today.AddDays(-1).AddHours(-3)),
            Message("tenant-a", "planner", today), Message("tenant-a", "planner", today.AddDays(-3)),
            Message("tenant-a", "coder", today), Message("tenant-b", "planner", today),
        ], Ct);

        var planner = await _reports.GetAsync("tenant-a", "planner", 3, Ct);
        var tenant = await _reports.GetAsync("tenant-a", null, 3, Ct);

        Assert.Equal([new DateOnly(2025, 3, 8), new DateOnly(2025, 3, 9), new DateOnly(2025, 3, 10)], planner.Daily.Select(d => d.Day));
        Assert.Equal([0L, 2, 1], planner.Daily.Select(d => d.Messages));
        Assert.Equal(3, planner.Messages);
        Assert.Equal([0L, 2, 2], tenant.Daily.Select(d => d.Messages));
    }

    private static ConversationMessage Message(string tenant, string agent, DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid(), TenantId = tenant, SessionId = Guid.NewGuid(), AgentId = agent, Role = MessageRole.User, Content = "hi", CreatedAt = createdAt,
    };

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Records every query and answers with an empty summary of the window.</summary>
    private sealed class RecordingAnalyticsStore : IAnalyticsStore
    {
        public List<AnalyticsQuery> Queries { get; } = [];

        public Task<ActivitySummary> SummarizeAsync(AnalyticsQuery query, CancellationToken ct)
        {
            Queries.Add(query);
            return Task.FromResult(new ActivitySummary(
                new SessionStats(Queries.Count, 0, 0, null),
                [],
                new ProcessingTimeStats(0, null, null, null),
                UtcDays.Between(query.From, query.To).Select(day => new DailyActivity(day, 0, 0)).ToList(),
                [],
                new KnowledgeGrowth(0, 0, 0),
                []));
        }
    }
}
