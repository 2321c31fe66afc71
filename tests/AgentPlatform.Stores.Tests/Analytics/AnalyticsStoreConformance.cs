using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Hosts;
using AgentPlatform.Tests.Relational;

namespace AgentPlatform.Tests.Analytics;

/// <summary>What every IAnalyticsStore adapter must answer, on data written through the relational stores of the same
/// database. Each test works in fresh tenants; expected figures are worked out by hand from the data each test writes.</summary>
public abstract class AnalyticsStoreConformance : PortConformance
{
    private IAnalyticsStore Store => Port<IAnalyticsStore>();
    private IAgentMemoryStore Memory => Port<IAgentMemoryStore>();
    private IKnowledgeEntries Knowledge => Port<IKnowledgeEntries>();
    private IKnowledgeOutbox Outbox => Port<IKnowledgeOutbox>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A three-day window: 1, 2 and 3 March 2025 (UTC).</summary>
    private static readonly DateTimeOffset From = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(3);

    private static AnalyticsQuery Window(string tenant, string? agent = null) => new(tenant, agent, From, To);

    private async Task<AgentSession> SessionAsync(string tenant, string agent, DateTimeOffset startedAt, TimeSpan? endedAfter = null)
    {
        var session = await Memory.CreateSessionAsync(new AgentSession
        {
            Id = Guid.NewGuid(), TenantId = tenant, AgentId = agent, StartedAt = startedAt,
        }, Ct);
        return endedAfter is { } duration
            ? (await Memory.EndSessionAsync(tenant, session.Id, SessionStatus.Completed, startedAt + duration, Ct))!
            : session;
    }

    private Task OutcomesAsync(AgentSession session, params (bool Success, DateTimeOffset At)[] items) =>
        Memory.AddInteractionsAsync(items.Select(item => new AgentInteraction
        {
            Id = Guid.NewGuid(), TenantId = session.TenantId, SessionId = session.Id, AgentId = session.AgentId,
            Type = InteractionType.ToolCall, Input = "input", CreatedAt = item.At, Success = item.Success,
            ErrorMessage = item.Success ? null : "tool failed",
        }).ToList(), Ct);

    private Task InteractionsAsync(AgentSession session, params (InteractionType Type, string? Intent, int Ms, DateTimeOffset At)[] items) =>
        Memory.AddInteractionsAsync(items.Select(item => new AgentInteraction
        {
            Id = Guid.NewGuid(),
            TenantId = session.TenantId,
            SessionId = session.Id,
            AgentId = session.AgentId,
            Type = item.Type,
            Input = "input",
            Intent = item.Intent,
            ProcessingTimeMs = item.Ms,
            CreatedAt = item.At,
        }).ToList(), Ct);

    [Fact]
    public async Task An_empty_window_has_zero_counts_no_latency_and_every_day_and_type_listed()
    {
        var summary = await Store.SummarizeAsync(Window(TestData.NewTenant()), Ct);

        Assert.Equal(new SessionStats(0, 0, 0, null), summary.Sessions);
        Assert.Equal(new ProcessingTimeStats(0, null, null, null), summary.ProcessingTime);
        Assert.Equal(Enum.GetValues<InteractionType>(), summary.InteractionsByType.Select(t => t.Type));
        Assert.All(summary.InteractionsByType, t => Assert.Equal(0, t.Count));
        Assert.Equal([new(2025, 3, 1), new(2025, 3, 2), new DateOnly(2025, 3, 3)], summary.Daily.Select(d => d.Day));
        Assert.All(summary.Daily, d => Assert.Equal((0, 0), (d.Sessions, d.Interactions)));
        Assert.Empty(summary.TopIntents);
        Assert.Empty(summary.MostActiveAgents);
        Assert.Equal(new KnowledgeGrowth(0, 0, 0), summary.Knowledge);
        Assert.Equal((0, 0), (summary.SuccessfulInteractions, summary.SessionsWithInteractions));
    }

    [Fact]
    public async Task Successful_interactions_and_the_distinct_sessions_of_the_window_are_counted()
    {
        var tenant = TestData.NewTenant();
        var first = await SessionAsync(tenant, "bot", From.AddDays(-3));
        var second = await SessionAsync(tenant, "bot", From);
        var quiet = await SessionAsync(tenant, "bot", From);
        var other = await SessionAsync(tenant, "other", From);
        await OutcomesAsync(first, (true, From), (false, From.AddHours(1)), (true, From.AddDays(1)), (false, From.AddTicks(-1)));
        await OutcomesAsync(second, (false, To.AddTicks(-1)), (true, To));
        await OutcomesAsync(quiet, (true, To));
        await OutcomesAsync(other, (true, From.AddHours(2)));

        var bot = await Store.SummarizeAsync(Window(tenant, "bot"), Ct);
        var tenantWide = await Store.SummarizeAsync(Window(tenant), Ct);

        // In the window: first (2 of 3 succeeded), second (0 of 1); quiet's only interaction is at To, outside.
        Assert.Equal((4L, 2L, 2L), (bot.ProcessingTime.Count, bot.SuccessfulInteractions, bot.SessionsWithInteractions));
        Assert.Equal((5L, 3L, 3L), (tenantWide.ProcessingTime.Count, tenantWide.SuccessfulInteractions, tenantWide.SessionsWithInteractions));
    }

    [Fact]
    public async Task Sessions_count_those_started_in_the_window_and_average_the_ended_ones()
    {
        var tenant = TestData.NewTenant();
        await SessionAsync(tenant, "bot", From, TimeSpan.FromSeconds(90));
        await SessionAsync(tenant, "bot", From.AddDays(1).AddHours(5), TimeSpan.FromMilliseconds(30_500));
        await SessionAsync(tenant, "bot", To.AddTicks(-1));
        await SessionAsync(tenant, "other", From.AddHours(1));
        await SessionAsync(tenant, "bot", From.AddTicks(-1), TimeSpan.FromHours(1));
        await SessionAsync(tenant, "bot", To);
        await SessionAsync(TestData.NewTenant(), "bot", From.AddHours(1));

        var agent = await Store.SummarizeAsync(Window(tenant, "bot"), Ct);
        var tenantWide = await Store.SummarizeAsync(Window(tenant), Ct);

        // (90 000 + 30 500) / 2 ms; the last session is still running.
        Assert.Equal(new SessionStats(3, 1, 2, 60_250), agent.Sessions);
        Assert.Equal([1L, 1, 1], agent.Daily.Select(d => d.Sessions));
        Assert.Equal(new SessionStats(4, 2, 2, 60_250), tenantWide.Sessions);
        Assert.Equal([2L, 1, 1], tenantWide.Daily.Select(d => d.Sessions));
    }

    [Fact]
    public async Task Interactions_are_counted_by_type_and_utc_day_with_nearest_rank_percentiles()
    {
        var tenant = TestData.NewTenant();
        var session = await SessionAsync(tenant, "bot", From.AddDays(-1));
        var plusTwo = TimeSpan.FromHours(2);
        // 20 interactions taking 10, 20, ..., 200 ms, written in shuffled order. 01:30+02:00 on 2 March is still
        // 1 March in UTC; the window includes its first instant and excludes its end.
        var times = new[] { 70, 200, 10, 150, 40, 130, 90, 20, 180, 60, 110, 30, 160, 80, 190, 50, 120, 170, 100, 140 };
        var at = new[]
        {
            From, new DateTimeOffset(2025, 3, 2, 1, 30, 0, plusTwo), From.AddDays(1).AddTicks(-1), From.AddDays(1),
            From.AddDays(1).AddHours(12), From.AddDays(2), To.AddTicks(-1),
        };
        await InteractionsAsync(session, times.Select((ms, i) => (
            i % 3 == 0 ? InteractionType.Query : i % 3 == 1 ? InteractionType.ToolCall : InteractionType.Response,
            (string?)null, ms, at[i % at.Length])).ToArray());
        await InteractionsAsync(session, (InteractionType.Error, null, 5, To), (InteractionType.Error, null, 5, From.AddTicks(-1)));

        var summary = await Store.SummarizeAsync(Window(tenant), Ct);

        // Sorted: 10..200. p50 = value at rank ceil(0.50 × 20) = 10 → 100; p95 = rank ceil(0.95 × 20) = 19 → 190.
        Assert.Equal(new ProcessingTimeStats(20, 105, 100, 190), summary.ProcessingTime);
        // i % 3: 0 → Query (7 of 20), 1 → ToolCall (7), 2 → Response (6); the two errors lie outside the window.
        Assert.Equal(
            [(InteractionType.Query, 7L), (InteractionType.Response, 6), (InteractionType.ToolCall, 7),
             (InteractionType.Observation, 0), (InteractionType.Error, 0), (InteractionType.Feedback, 0)],
            summary.InteractionsByType.Select(t => (t.Type, t.Count)));
        // Days of at[0..6] cycling over 20 items: at[0..2] → 1 March, at[3..4] → 2 March, at[5..6] → 3 March.
        Assert.Equal([9L, 6, 5], summary.Daily.Select(d => d.Interactions));
    }

    [Fact]
    public async Task Top_intents_rank_by_count_then_ordinal_name_and_keep_spellings_apart()
    {
        var tenant = TestData.NewTenant();
        var session = await SessionAsync(tenant, "bot", From);
        var intents = new[] { "refund", "billing", "billing", "Billing", "refund", "billing", "zeta", "alpha", "alpha", null };
        await InteractionsAsync(session, intents.Select((intent, i) => (InteractionType.Query, intent, 1, From.AddMinutes(i))).ToArray());

        var summary = await Store.SummarizeAsync(Window(tenant) with { TopCount = 5 }, Ct);

        // Ordinal order puts upper case first: "Billing" before "zeta".
        Assert.Equal([new("billing", 3), new("alpha", 2), new("refund", 2), new("Billing", 1), new NamedCount("zeta", 1)], summary.TopIntents);
    }

    [Fact]
    public async Task The_tenant_overview_ranks_agents_and_an_agent_query_matches_its_exact_id_only()
    {
        var tenant = TestData.NewTenant();
        var counts = new Dictionary<string, int> { ["planner"] = 4, ["Planner"] = 1, ["coder"] = 4, ["critic"] = 2, ["idle"] = 0 };
        foreach (var (agent, count) in counts)
        {
            var session = await SessionAsync(tenant, agent, From);
            if (count > 0)
                await InteractionsAsync(session, Enumerable.Range(0, count).Select(i => (InteractionType.Query, (string?)"ask", 10 * (i + 1), From.AddHours(i))).ToArray());
        }
        var otherTenant = await SessionAsync(TestData.NewTenant(), "planner", From);
        await InteractionsAsync(otherTenant, (InteractionType.Query, "ask", 1, From));

        var overview = await Store.SummarizeAsync(Window(tenant), Ct);
        var planner = await Store.SummarizeAsync(Window(tenant, "planner"), Ct);
        var top2 = await Store.SummarizeAsync(Window(tenant) with { TopCount = 2 }, Ct);

        Assert.Equal([new("coder", 4), new("planner", 4), new("critic", 2), new NamedCount("Planner", 1)], overview.MostActiveAgents);
        Assert.Equal([new("coder", 4), new NamedCount("planner", 4)], top2.MostActiveAgents);
        Assert.Equal(11, overview.ProcessingTime.Count);
        Assert.Equal(5, overview.Sessions.Total);
        Assert.Equal(new ProcessingTimeStats(4, 25, 20, 40), planner.ProcessingTime);
        Assert.Equal(1, planner.Sessions.Total);
        Assert.Equal([new NamedCount("ask", 4)], planner.TopIntents);
        Assert.Empty(planner.MostActiveAgents);
    }

    [Fact]
    public async Task Knowledge_growth_counts_entries_added_indexed_and_failed_in_the_window()
    {
        var tenant = TestData.NewTenant();
        // Entries alternate between agent "bot" and no agent; one more belongs to "Bot", which only differs in case.
        var index = 0;
        KnowledgeEntry Entry(string title, DateTimeOffset createdAt) => new()
        {
            Id = Guid.NewGuid(), TenantId = tenant, Title = title, Content = title + " content", AgentId = index++ % 2 == 0 ? "bot" : null,
            ContentHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tenant + title))),
            CreatedAt = createdAt, UpdatedAt = createdAt,
        };
        var entries = new[]
        {
            Entry("indexed in window", From.AddHours(1)),
            Entry("indexed after window", From.AddHours(2)),
            Entry("failed in window", From.AddHours(3)),
            Entry("pending", To.AddTicks(-1)),
            Entry("created before, indexed in window", From.AddDays(-1)),
            Entry("created before, failed", From.AddDays(-1)),
            Entry("created after", To),
            Entry("other agent, failed in window", From.AddHours(5)) with { AgentId = "Bot" },
        };
        await Knowledge.AddBatchAsync(entries, Ct);
        await Knowledge.AddAsync(Entry("other tenant", From) with { TenantId = TestData.NewTenant() }, Ct);

        var messages = (await Outbox.ClaimMessagesAsync(100, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow, Ct))
            .Where(m => m.TenantId == tenant).ToDictionary(m => m.EntryId);
        await Outbox.CompleteUpsertAsync([messages[entries[0].Id]], From.AddHours(4), Ct);
        await Outbox.CompleteUpsertAsync([messages[entries[1].Id]], To, Ct);
        await Outbox.FailAsync(messages[entries[2].Id], "embedding failed", retryAt: null, Ct);
        await Outbox.CompleteUpsertAsync([messages[entries[4].Id]], From, Ct);
        await Outbox.FailAsync(messages[entries[5].Id], "embedding failed", retryAt: null, Ct);
        await Outbox.FailAsync(messages[entries[7].Id], "embedding failed", retryAt: null, Ct);

        var summary = await Store.SummarizeAsync(Window(tenant), Ct);
        var bot = await Store.SummarizeAsync(Window(tenant, "bot"), Ct);
        var otherSpelling = await Store.SummarizeAsync(Window(tenant, "Bot"), Ct);
        var absent = await Store.SummarizeAsync(Window(tenant, "nobody"), Ct);

        Assert.Equal(new KnowledgeGrowth(Added: 5, Indexed: 2, Failed: 2), summary.Knowledge);
        // "bot" holds entries 0 (indexed in window), 2 (failed in window), 4 (indexed in window, created before) and 6 (after).
        Assert.Equal(new KnowledgeGrowth(Added: 2, Indexed: 2, Failed: 1), bot.Knowledge);
        Assert.Equal(new KnowledgeGrowth(Added: 1, Indexed: 0, Failed: 1), otherSpelling.Knowledge);
        Assert.Equal(new KnowledgeGrowth(0, 0, 0), absent.Knowledge);
    }

    [Fact]
    public async Task Invalid_queries_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SummarizeAsync(new AnalyticsQuery("tenant-a", null, To, From), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SummarizeAsync(new AnalyticsQuery("tenant-a", null, From, From), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SummarizeAsync(new AnalyticsQuery("Not A Tenant", null, From, To), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SummarizeAsync(Window("tenant-a") with { TopCount = 0 }, Ct));
    }
}
