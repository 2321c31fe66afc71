using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.AgentMemory;

/// <summary>What every IAgentMemoryStore adapter must do. Each test uses fresh tenants, so adapters may share one database.</summary>
public abstract class AgentMemoryStoreConformance : PortConformance
{
    private IAgentMemoryStore Store => Port<IAgentMemoryStore>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string NewTenant() => TestData.NewTenant();

    protected static AgentSession Session(string tenant, string agent = "agent-1", DateTimeOffset? startedAt = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        AgentId = agent,
        UserId = "user-7",
        StartedAt = startedAt ?? T0,
        MetadataJson = """{"channel":"chat"}""",
    };

    protected static AgentInteraction Interaction(AgentSession session, DateTimeOffset createdAt, string input = "question") => new()
    {
        Id = Guid.NewGuid(),
        TenantId = session.TenantId,
        SessionId = session.Id,
        AgentId = session.AgentId,
        Type = InteractionType.Query,
        Input = input,
        Output = "answer",
        Intent = "billing",
        ProcessingTimeMs = 42,
        CreatedAt = createdAt,
        MetadataJson = """{"model":"m"}""",
    };

    [Fact]
    public async Task Created_session_reads_back_with_every_field()
    {
        var session = Session(NewTenant()) with { StartedAt = new DateTimeOffset(2025, 3, 1, 14, 30, 15, 123, TimeSpan.FromHours(2)) };

        await Store.CreateSessionAsync(session, Ct);
        var read = await Store.GetSessionAsync(session.TenantId, session.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(session.Id, read.Id);
        Assert.Equal(session.TenantId, read.TenantId);
        Assert.Equal("agent-1", read.AgentId);
        Assert.Equal("user-7", read.UserId);
        Assert.Equal(session.StartedAt, read.StartedAt);
        Assert.Equal(SessionStatus.Active, read.Status);
        Assert.Null(read.EndedAt);
        Assert.Equal("""{"channel":"chat"}""", read.MetadataJson);
    }

    [Fact]
    public async Task Creating_the_same_session_twice_keeps_the_first()
    {
        var session = Session(NewTenant());

        await Store.CreateSessionAsync(session, Ct);
        var second = await Store.CreateSessionAsync(session with { AgentId = "other-agent" }, Ct);

        Assert.Equal("agent-1", second.AgentId);
        var all = await Store.ListSessionsAsync(session.TenantId, new SessionQuery(), new PageRequest(), Ct);
        Assert.Equal(1, all.Total);
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_the_sessions_or_interactions()
    {
        var session = Session(NewTenant());
        await Store.CreateSessionAsync(session, Ct);
        await Store.AddInteractionsAsync([Interaction(session, T0)], Ct);
        var other = NewTenant();

        Assert.Null(await Store.GetSessionAsync(other, session.Id, Ct));
        Assert.Null(await Store.EndSessionAsync(other, session.Id, SessionStatus.Completed, T0, Ct));
        Assert.Equal(0, (await Store.ListSessionsAsync(other, new SessionQuery(), new PageRequest(), Ct)).Total);
        Assert.Equal(0, (await Store.ListInteractionsAsync(other, session.Id, null, new PageRequest(), Ct)).Total);
        Assert.Equal(SessionStatus.Active, (await Store.GetSessionAsync(session.TenantId, session.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Sessions_page_newest_first_by_instant_whatever_the_offset()
    {
        var tenant = NewTenant();
        // Local clock readings disagree with the instants: 09:00+05:00 is the earliest, 11:00-03:00 the latest.
        DateTimeOffset[] starts =
        [
            new(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(5)),   // 04:00Z
            new(2025, 3, 1, 11, 0, 0, TimeSpan.FromHours(-3)), // 14:00Z
            new(2025, 3, 1, 6, 0, 0, TimeSpan.Zero),            // 06:00Z
            new(2025, 3, 1, 10, 30, 0, TimeSpan.Zero),          // 10:30Z
            new(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(1)),   // 11:00Z
        ];
        foreach (var start in starts)
            await Store.CreateSessionAsync(Session(tenant, startedAt: start), Ct);
        var expected = starts.OrderByDescending(s => s.UtcDateTime).ToList();

        var first = await Store.ListSessionsAsync(tenant, new SessionQuery(), new PageRequest(0, 2), Ct);
        var second = await Store.ListSessionsAsync(tenant, new SessionQuery(), new PageRequest(2, 2), Ct);
        var last = await Store.ListSessionsAsync(tenant, new SessionQuery(), new PageRequest(4, 2), Ct);

        Assert.Equal(5, first.Total);
        Assert.True(first.HasMore);
        Assert.False(last.HasMore);
        Assert.Equal(expected, first.Items.Concat(second.Items).Concat(last.Items).Select(s => s.StartedAt));
    }

    [Fact]
    public async Task Sessions_filter_by_agent_and_half_open_time_range()
    {
        var tenant = NewTenant();
        await Store.CreateSessionAsync(Session(tenant, "planner", T0), Ct);
        var inRange = await Store.CreateSessionAsync(Session(tenant, "planner", T0.AddHours(1)), Ct);
        await Store.CreateSessionAsync(Session(tenant, "planner", T0.AddHours(2)), Ct);
        await Store.CreateSessionAsync(Session(tenant, "coder", T0.AddHours(1)), Ct);

        var page = await Store.ListSessionsAsync(tenant, new SessionQuery("planner", T0.AddMinutes(30), T0.AddHours(2)), new PageRequest(), Ct);

        Assert.Equal(inRange.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Ending_a_session_is_recorded_once()
    {
        var session = await Store.CreateSessionAsync(Session(NewTenant()), Ct);

        var ended = await Store.EndSessionAsync(session.TenantId, session.Id, SessionStatus.Completed, T0.AddMinutes(5), Ct);
        var again = await Assert.ThrowsAsync<SessionEndedException>(
            () => Store.EndSessionAsync(session.TenantId, session.Id, SessionStatus.Abandoned, T0.AddMinutes(9), Ct));

        Assert.Equal(SessionStatus.Completed, ended!.Status);
        Assert.Equal(T0.AddMinutes(5), ended.EndedAt);
        Assert.Equal(SessionStatus.Completed, again.Session.Status);
        Assert.Equal(T0.AddMinutes(5), (await Store.GetSessionAsync(session.TenantId, session.Id, Ct))!.EndedAt);
        Assert.Null(await Store.EndSessionAsync(session.TenantId, Guid.NewGuid(), SessionStatus.Completed, T0, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.EndSessionAsync(session.TenantId, session.Id, SessionStatus.Active, T0, Ct));
    }

    [Fact]
    public async Task Interactions_page_newest_first_and_a_repeated_batch_adds_nothing()
    {
        var session = await Store.CreateSessionAsync(Session(NewTenant()), Ct);
        var batch = Enumerable.Range(0, 5).Select(i => Interaction(session, T0.AddSeconds(i * 10), $"step {i}")).ToList();

        await Store.AddInteractionsAsync(batch, Ct);
        await Store.AddInteractionsAsync(batch, Ct);
        var first = await Store.ListInteractionsAsync(session.TenantId, session.Id, null, new PageRequest(0, 3), Ct);
        var rest = await Store.ListInteractionsAsync(session.TenantId, session.Id, null, new PageRequest(3, 3), Ct);

        Assert.Equal(5, first.Total);
        Assert.Equal(["step 4", "step 3", "step 2", "step 1", "step 0"], first.Items.Concat(rest.Items).Select(i => i.Input));
        var newest = first.Items[0];
        Assert.Equal(batch[4], newest);
    }

    [Fact]
    public async Task Interaction_outcomes_round_trip_and_filter_the_list()
    {
        var session = await Store.CreateSessionAsync(Session(NewTenant()), Ct);
        var failure = new string('x', InteractionRequest.MaxErrorMessageLength - 1) + "✓";
        var batch = new[]
        {
            Interaction(session, T0, "ok"),
            Interaction(session, T0.AddSeconds(1), "failed") with { Success = false, ErrorMessage = failure },
            Interaction(session, T0.AddSeconds(2), "failed quietly") with { Success = false },
        };

        await Store.AddInteractionsAsync(batch, Ct);
        var all = await Store.ListInteractionsAsync(session.TenantId, session.Id, null, new PageRequest(), Ct);
        var failed = await Store.ListInteractionsAsync(session.TenantId, session.Id, false, new PageRequest(), Ct);
        var succeeded = await Store.ListInteractionsAsync(session.TenantId, session.Id, true, new PageRequest(), Ct);

        Assert.Equal(batch.Reverse(), all.Items);
        Assert.Equal(["failed quietly", "failed"], failed.Items.Select(i => i.Input));
        Assert.Equal(2, failed.Total);
        Assert.Equal(failure, failed.Items[1].ErrorMessage);
        Assert.Equal(batch[0], Assert.Single(succeeded.Items));
        Assert.True(succeeded.Items[0].Success);
    }

    [Fact]
    public async Task Interactions_cannot_join_another_tenants_session()
    {
        var session = await Store.CreateSessionAsync(Session(NewTenant()), Ct);
        var intruder = Interaction(session, T0) with { TenantId = NewTenant() };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddInteractionsAsync([intruder], Ct));

        Assert.Equal(0, (await Store.ListInteractionsAsync(session.TenantId, session.Id, null, new PageRequest(), Ct)).Total);
        Assert.Equal(0, (await Store.ListInteractionsAsync(intruder.TenantId, session.Id, null, new PageRequest(), Ct)).Total);
    }

    [Fact]
    public async Task Unicode_and_one_megabyte_interactions_round_trip()
    {
        var session = await Store.CreateSessionAsync(Session(NewTenant()), Ct);
        var large = TestData.LargeUnicode;
        var interaction = Interaction(session, T0, large) with { Output = "Ответ: نعم ✓", Intent = "ζήτημα" };

        await Store.AddInteractionsAsync([interaction], Ct);
        var read = Assert.Single((await Store.ListInteractionsAsync(session.TenantId, session.Id, null, new PageRequest(), Ct)).Items);

        Assert.Equal(large, read.Input);
        Assert.Equal("Ответ: نعم ✓", read.Output);
        Assert.Equal("ζήτημα", read.Intent);
    }
}
