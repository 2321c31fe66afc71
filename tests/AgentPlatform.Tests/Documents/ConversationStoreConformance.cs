using AgentPlatform.Domain;
using AgentPlatform.Ports;
using static AgentPlatform.Tests.Documents.DocumentTestData;

namespace AgentPlatform.Tests.Documents;

/// <summary>What every <see cref="IConversationStore"/> must do.</summary>
public abstract class ConversationStoreConformance
{
    /// <summary>A store over an initialized, reachable database.</summary>
    protected abstract Task<IConversationStore> CreateStoreAsync();

    /// <summary>A store whose database cannot be reached.</summary>
    protected abstract IConversationStore CreateUnreachableStore();

    private static ConversationMessage Message(string tenant, Guid session, int minute, string content = "hello") => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        SessionId = session,
        AgentId = "support-agent",
        Role = MessageRole.User,
        Content = content,
        CreatedAt = At(minute),
    };

    [Fact]
    public async Task AppendedMessagesRoundTripEveryField()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var full = Message(tenant, session, 1, "How do I reset my password?") with
        {
            UserId = "user-42",
            Role = MessageRole.Assistant,
            MetadataJson = """{"channel":"web","score":3,"nested":{"tags":["a","b"],"ok":true}}""",
        };
        var bare = Message(tenant, session, 0) with { Role = MessageRole.Tool };

        await store.AppendAsync([full, bare], Ct);
        var history = await store.GetHistoryAsync(tenant, session, new PageRequest(), Ct);

        Assert.Equal(2, history.Total);
        Assert.Equal(full with { MetadataJson = null }, history.Items[0] with { MetadataJson = null });
        AssertSameJson(full.MetadataJson, history.Items[0].MetadataJson);
        Assert.Equal(bare, history.Items[1]);
    }

    [Fact]
    public async Task HistoryIsNewestFirstAndPaged()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var messages = Enumerable.Range(0, 5).Select(minute => Message(tenant, session, minute, $"message {minute}")).ToList();
        // Stored out of order, and next to another session's messages, so order and scope come from the query.
        await store.AppendAsync([messages[2], messages[0], messages[4], Message(tenant, Guid.NewGuid(), 9)], Ct);
        await store.AppendAsync([messages[3], messages[1]], Ct);

        var pages = new List<Page<ConversationMessage>>();
        for (var offset = 0; offset < 6; offset += 2)
            pages.Add(await store.GetHistoryAsync(tenant, session, new PageRequest(offset, 2), Ct));

        Assert.Equal(["message 4", "message 3", "message 2", "message 1", "message 0"], pages.SelectMany(p => p.Items).Select(m => m.Content));
        Assert.All(pages, page => Assert.Equal(5, page.Total));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
    }

    [Fact]
    public async Task HistoryIsScopedToTenant()
    {
        var store = await CreateStoreAsync();
        var (tenantA, tenantB) = (NewTenant(), NewTenant());
        var session = Guid.NewGuid();
        var messageA = Message(tenantA, session, 0, "secret of tenant A");

        await store.AppendAsync([messageA], Ct);
        var seenByB = await store.GetHistoryAsync(tenantB, session, new PageRequest(), Ct);
        Assert.Empty(seenByB.Items);
        Assert.Equal(0, seenByB.Total);

        // The same message id under another tenant is a different message and leaves tenant A's alone.
        await store.AppendAsync([messageA with { TenantId = tenantB, Content = "tenant B's own" }], Ct);
        Assert.Equal("tenant B's own", Assert.Single((await store.GetHistoryAsync(tenantB, session, new PageRequest(), Ct)).Items).Content);
        Assert.Equal("secret of tenant A", Assert.Single((await store.GetHistoryAsync(tenantA, session, new PageRequest(), Ct)).Items).Content);
    }

    [Fact]
    public async Task AppendingTheSameMessageAgainKeepsOneCopy()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var first = Message(tenant, session, 0, "original");
        var second = Message(tenant, session, 1, "second");

        await store.AppendAsync([first], Ct);
        await store.AppendAsync([first with { Content = "resent" }, second], Ct);
        var history = await store.GetHistoryAsync(tenant, session, new PageRequest(), Ct);

        Assert.Equal(2, history.Total);
        Assert.Equal(["second", "original"], history.Items.Select(m => m.Content));
    }

    [Fact]
    public async Task UnicodeAndLargeContentRoundTrip()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var unicode = Message(tenant, session, 1, Unicode) with { AgentId = "agent-数据", UserId = "Grüße" };
        var large = Message(tenant, session, 0, LargeText());

        await store.AppendAsync([unicode, large], Ct);
        var history = await store.GetHistoryAsync(tenant, session, new PageRequest(), Ct);

        Assert.Equal([unicode, large], history.Items);
    }

    [Fact]
    public async Task MessagesAreCountedPerUtcDayOfTheWindowForTheTenantAndAgent()
    {
        var store = await CreateStoreAsync();
        var (tenant, otherTenant) = (NewTenant(), NewTenant());
        var from = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(2);
        ConversationMessage MessageAt(DateTimeOffset createdAt, string agent = "support-agent", string? tenantId = null) =>
            Message(tenantId ?? tenant, Guid.NewGuid(), 0) with { CreatedAt = createdAt, AgentId = agent };
        await store.AppendAsync(
        [
            MessageAt(from), MessageAt(from.AddHours(23).AddMinutes(59)),
            // 00:30 on 2 March at +02:00 is 22:30 on 1 March UTC.
            MessageAt(new DateTimeOffset(2025, 3, 2, 0, 30, 0, TimeSpan.FromHours(2))),
            MessageAt(from.AddDays(1)), MessageAt(from.AddDays(1).AddHours(5), agent: "planner"),
            MessageAt(from.AddMilliseconds(-1)), MessageAt(to), MessageAt(from.AddHours(1), tenantId: otherTenant),
        ], Ct);

        var tenantWide = await store.CountPerDayAsync(tenant, null, from, to, Ct);
        var planner = await store.CountPerDayAsync(tenant, "planner", from, to, Ct);
        var nobody = await store.CountPerDayAsync(tenant, "Support-Agent", from, to, Ct);

        Assert.Equal(new Dictionary<DateOnly, long> { [new(2025, 3, 1)] = 3, [new(2025, 3, 2)] = 2 }, tenantWide);
        Assert.Equal(new Dictionary<DateOnly, long> { [new(2025, 3, 2)] = 1 }, planner);
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task UnreachableStoreRaisesStoreUnavailable()
    {
        var store = CreateUnreachableStore();
        var message = Message(NewTenant(), Guid.NewGuid(), 0);

        var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync([message], Ct));
        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetHistoryAsync(message.TenantId, message.SessionId, new PageRequest(), Ct));
        var count = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CountPerDayAsync(message.TenantId, null, At(0), At(60), Ct));

        Assert.Equal(StoreNames.Documents, append.Store);
        Assert.Equal(StoreNames.Documents, read.Store);
        Assert.Equal(StoreNames.Documents, count.Store);
    }
}
