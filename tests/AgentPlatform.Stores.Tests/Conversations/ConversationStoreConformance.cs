using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;
using static AgentPlatform.Tests.Hosts.DocumentTestData;

namespace AgentPlatform.Tests.Conversations;

/// <summary>What every conversation store must do behind its ports (<see cref="IConversationHistory"/>,
/// <see cref="IConversationWriter"/>, <see cref="IMessageOutbox"/>, <see cref="IMessageReindexQueue"/>,
/// <see cref="IMessageIndexingStatus"/>, <see cref="IConversationActivity"/>), resolved from its integration's registration.</summary>
public abstract class ConversationStoreConformance : PortConformance
{
    /// <summary>The same integration over a database that cannot be reached.</summary>
    protected abstract IServiceProvider UnreachableServices { get; }

    /// <summary>The conversation ports as the integration registered them.</summary>
    private sealed record Ports(IServiceProvider Services)
    {
        public IConversationHistory History => Services.GetRequiredService<IConversationHistory>();
        public IConversationWriter Writer => Services.GetRequiredService<IConversationWriter>();
        public IMessageOutbox Outbox => Services.GetRequiredService<IMessageOutbox>();
        public IMessageReindexQueue Reindex => Services.GetRequiredService<IMessageReindexQueue>();
        public IMessageIndexingStatus Status => Services.GetRequiredService<IMessageIndexingStatus>();
        public IConversationActivity Activity => Services.GetRequiredService<IConversationActivity>();
    }

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
        var store = new Ports(Services);
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var full = Message(tenant, session, 1, "How do I reset my password?") with
        {
            UserId = "user-42",
            Role = MessageRole.Assistant,
            MetadataJson = """{"channel":"web","score":3,"nested":{"tags":["a","b"],"ok":true}}""",
        };
        var bare = Message(tenant, session, 0) with { Role = MessageRole.Tool };

        await store.Writer.AppendAsync([full, bare], Ct);
        var history = await store.History.GetHistoryAsync(tenant, session, new PageRequest(), Ct);

        Assert.Equal(2, history.Total);
        Assert.Equal(full with { MetadataJson = null }, history.Items[0] with { MetadataJson = null });
        AssertSameJson(full.MetadataJson, history.Items[0].MetadataJson);
        Assert.Equal(bare, history.Items[1]);
    }

    [Fact]
    public async Task AFailedAttemptIsRetriedWhenDueAndAfterTheLastItIsFailedWithItsErrorUntilAReindex()
    {
        var store = new Ports(Services);
        var tenant = NewTenant();
        var (poison, fine) = (Message(tenant, Guid.NewGuid(), 0, "poison"), Message(tenant, Guid.NewGuid(), 1, "fine"));
        await store.Writer.AppendAsync([poison, fine], Ct);
        var now = At(10);
        var seen = new List<int>();

        Assert.Equal(2, (await ClaimOwnAsync(store.Outbox, tenant, now)).Count);
        await store.Outbox.FailIndexingAsync(poison, "first", attempts => { seen.Add(attempts); return now.AddMinutes(5); }, Ct);
        await store.Outbox.MarkIndexedAsync([fine], Ct);

        Assert.Empty(await ClaimOwnAsync(store.Outbox, tenant, now.AddMinutes(4)));
        Assert.Equal([poison.Id], (await ClaimOwnAsync(store.Outbox, tenant, now.AddMinutes(5))).Select(m => m.Id));
        await store.Outbox.FailIndexingAsync(poison, "second", attempts => { seen.Add(attempts); return null; }, Ct);

        Assert.Equal([1, 2], seen);
        Assert.Empty(await ClaimOwnAsync(store.Outbox, tenant, now.AddDays(30)));
        Assert.Equal(new MessageIndexingCounts(0, 1, 1), await store.Status.CountIndexingAsync(tenant, Ct));
        Assert.Equal(new MessageIndexingCounts(0, 0, 0), await store.Status.CountIndexingAsync(NewTenant(), Ct));

        Assert.Equal(2, await store.Reindex.EnqueueReindexAsync(tenant, Ct));
        Assert.Equal(new MessageIndexingCounts(2, 0, 0), await store.Status.CountIndexingAsync(tenant, Ct));
        Assert.Equal([poison.Id, fine.Id], (await ClaimOwnAsync(store.Outbox, tenant, now)).Select(m => m.Id));
        // Attempts start again from the first.
        await store.Outbox.FailIndexingAsync(poison, "again", attempts => { seen.Add(attempts); return now; }, Ct);
        Assert.Equal(1, seen[^1]);
    }

    [Fact]
    public async Task NeighboursAreTheSessionsTurnsOnEitherSideOldestFirstAndOfItsTenantOnly()
    {
        var store = new Ports(Services);
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var turns = Enumerable.Range(0, 6).Select(minute => Message(tenant, session, minute, $"turn {minute}")).ToList();
        await store.Writer.AppendAsync([.. turns, Message(tenant, Guid.NewGuid(), 3, "another session")], Ct);

        var around = await store.History.GetNeighboursAsync(tenant, session, turns[2].Id, 2, Ct);
        var atStart = await store.History.GetNeighboursAsync(tenant, session, turns[0].Id, 3, Ct);

        Assert.Equal([turns[0].Id, turns[1].Id], around!.Before.Select(m => m.Id));
        Assert.Equal([turns[3].Id, turns[4].Id], around.After.Select(m => m.Id));
        Assert.Empty(atStart!.Before);
        Assert.Equal(turns.Skip(1).Take(3).Select(m => m.Id), atStart.After.Select(m => m.Id));
        Assert.Null(await store.History.GetNeighboursAsync(NewTenant(), session, turns[2].Id, 2, Ct));
        Assert.Null(await store.History.GetNeighboursAsync(tenant, Guid.NewGuid(), turns[2].Id, 2, Ct));
    }

    [Fact]
    public async Task MessagesByIdAreTheTenantsLiveOnesWithTheirContent()
    {
        var store = new Ports(Services);
        var (tenant, other) = (NewTenant(), NewTenant());
        var session = Guid.NewGuid();
        var turns = Enumerable.Range(0, 4).Select(minute => Message(tenant, session, minute, $"turn {minute}")).ToList();
        var foreign = Message(other, Guid.NewGuid(), 1, "another tenant's");
        await store.Writer.AppendAsync([.. turns, foreign], Ct);
        await store.Writer.DeleteAsync(tenant, session, turns[3].Id, Ct);

        var found = await store.History.GetMessagesAsync(tenant, [turns[2].Id, turns[0].Id, turns[3].Id, foreign.Id, Guid.NewGuid()], Ct);

        // The deleted message, another tenant's and an unknown id are left out; the rest come whole.
        Assert.Equal([turns[0], turns[2]], found.OrderBy(m => m.CreatedAt));
        Assert.Empty(await store.History.GetMessagesAsync(tenant, [], Ct));
    }

    private static async Task<IReadOnlyList<ConversationMessage>> ClaimOwnAsync(IMessageOutbox outbox, string tenant, DateTimeOffset now) =>
        [.. (await outbox.ClaimUnindexedAsync(500, TimeSpan.FromSeconds(1), now, Ct)).Where(m => m.TenantId == tenant)];

    [Fact]
    public async Task HistoryIsNewestFirstAndPaged()
    {
        var store = new Ports(Services);
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var messages = Enumerable.Range(0, 5).Select(minute => Message(tenant, session, minute, $"message {minute}")).ToList();
        // Stored out of order, and next to another session's messages, so order and scope come from the query.
        await store.Writer.AppendAsync([messages[2], messages[0], messages[4], Message(tenant, Guid.NewGuid(), 9)], Ct);
        await store.Writer.AppendAsync([messages[3], messages[1]], Ct);

        var pages = new List<Page<ConversationMessage>>();
        for (var offset = 0; offset < 6; offset += 2)
            pages.Add(await store.History.GetHistoryAsync(tenant, session, new PageRequest(offset, 2), Ct));

        Assert.Equal(["message 4", "message 3", "message 2", "message 1", "message 0"], pages.SelectMany(p => p.Items).Select(m => m.Content));
        Assert.All(pages, page => Assert.Equal(5, page.Total));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
    }

    [Fact]
    public async Task FollowingTheCursorVisitsEveryMessageOnceNewestFirstThoughManyShareATime()
    {
        var store = new Ports(Services);
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        // 12 messages stamped at the same instant between older and newer ones; a limit of 5 splits the tie across pages.
        var messages = Enumerable.Range(0, 23)
            .Select(i => Message(tenant, session, i < 12 ? 5 : i, $"message {i}"))
            .ToList();
        var expected = NewestFirst(messages).Select(m => m.Content).ToList();
        await store.Writer.AppendAsync([.. messages.Where((_, i) => i % 2 == 1), Message(tenant, Guid.NewGuid(), 5)], Ct);
        await store.Writer.AppendAsync([.. messages.Where((_, i) => i % 2 == 0), Message(NewTenant(), session, 5)], Ct);

        var pages = new List<Page<ConversationMessage>> { await store.History.GetHistoryAsync(tenant, session, new PageRequest(0, 5), Ct) };
        // A message arriving while the client pages lands before the first page and moves nothing after the cursor.
        await store.Writer.AppendAsync([Message(tenant, session, 60, "arrived meanwhile")], Ct);
        while (pages[^1].HasMore)
            pages.Add((await store.History.GetHistoryBeforeAsync(tenant, session, pages[^1].Items[^1].Id, 5, Ct))!);

        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(m => m.Content));
        Assert.Equal([5, 5, 5, 5, 3], pages.Select(p => p.Items.Count));
        // Offset counts the newer messages, the one that arrived meanwhile included.
        Assert.Equal([0, 6, 11, 16, 21], pages.Select(p => p.Offset));
        Assert.All(pages.Skip(1), page => Assert.Equal(24, page.Total));
        Assert.Equal(pages[^1].Total, pages[^1].Offset + pages[^1].Items.Count);
    }

    [Fact]
    public async Task CursorOutsideTheTenantsSessionIsRefused()
    {
        var store = new Ports(Services);
        var (tenant, otherTenant) = (NewTenant(), NewTenant());
        var (session, otherSession) = (Guid.NewGuid(), Guid.NewGuid());
        var oldest = Message(tenant, session, 0, "oldest");
        var newest = Message(tenant, session, 1, "newest");
        var ofOtherSession = Message(tenant, otherSession, 0);
        var ofOtherTenant = Message(otherTenant, session, 0);
        await store.Writer.AppendAsync([oldest, newest, ofOtherSession], Ct);
        await store.Writer.AppendAsync([ofOtherTenant], Ct);

        Assert.Null(await store.History.GetHistoryBeforeAsync(tenant, session, ofOtherSession.Id, 10, Ct));
        Assert.Null(await store.History.GetHistoryBeforeAsync(tenant, session, ofOtherTenant.Id, 10, Ct));
        Assert.Null(await store.History.GetHistoryBeforeAsync(otherTenant, session, newest.Id, 10, Ct));
        Assert.Null(await store.History.GetHistoryBeforeAsync(tenant, session, Guid.NewGuid(), 10, Ct));
        Assert.Equal([oldest], (await store.History.GetHistoryBeforeAsync(tenant, session, newest.Id, 10, Ct))!.Items);
        var afterOldest = await store.History.GetHistoryBeforeAsync(tenant, session, oldest.Id, 10, Ct);
        Assert.Empty(afterOldest!.Items);
        Assert.False(afterOldest.HasMore);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.History.GetHistoryBeforeAsync(tenant, session, newest.Id, 0, Ct));
    }

    /// <summary>History order: newest first, ties broken by the message id's text, highest first.</summary>
    private static IEnumerable<ConversationMessage> NewestFirst(IEnumerable<ConversationMessage> messages) =>
        messages.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id.ToString("D"), StringComparer.Ordinal);

    [Fact]
    public async Task HistoryIsScopedToTenant()
    {
        var store = new Ports(Services);
        var (tenantA, tenantB) = (NewTenant(), NewTenant());
        var session = Guid.NewGuid();
        var messageA = Message(tenantA, session, 0, "secret of tenant A");

        await store.Writer.AppendAsync([messageA], Ct);
        var seenByB = await store.History.GetHistoryAsync(tenantB, session, new PageRequest(), Ct);
        Assert.Empty(seenByB.Items);
        Assert.Equal(0, seenByB.Total);

        // The same message id under another tenant is a different message and leaves tenant A's alone.
        await store.Writer.AppendAsync([messageA with { TenantId = tenantB, Content = "tenant B's own" }], Ct);
        Assert.Equal("tenant B's own", Assert.Single((await store.History.GetHistoryAsync(tenantB, session, new PageRequest(), Ct)).Items).Content);
        Assert.Equal("secret of tenant A", Assert.Single((await store.History.GetHistoryAsync(tenantA, session, new PageRequest(), Ct)).Items).Content);
    }

    [Fact]
    public async Task AppendingTheSameMessageAgainKeepsOneCopy()
    {
        var store = new Ports(Services);
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var first = Message(tenant, session, 0, "original");
        var second = Message(tenant, session, 1, "second");

        await store.Writer.AppendAsync([first], Ct);
        await store.Writer.AppendAsync([first with { Content = "resent" }, second], Ct);
        var history = await store.History.GetHistoryAsync(tenant, session, new PageRequest(), Ct);

        Assert.Equal(2, history.Total);
        Assert.Equal(["second", "original"], history.Items.Select(m => m.Content));
    }

    [Fact]
    public async Task UnicodeAndLargeContentRoundTrip()
    {
        var store = new Ports(Services);
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var unicode = Message(tenant, session, 1, Unicode) with { AgentId = "agent-数据", UserId = "Grüße" };
        var large = Message(tenant, session, 0, LargeText());

        await store.Writer.AppendAsync([unicode, large], Ct);
        var history = await store.History.GetHistoryAsync(tenant, session, new PageRequest(), Ct);

        Assert.Equal([unicode, large], history.Items);
    }

    [Fact]
    public async Task ClaimReturnsUnindexedMessagesOfEveryTenantOldestFirst()
    {
        var store = await DrainedAsync();
        var (tenantA, tenantB) = (NewTenant(), NewTenant());
        var a1 = Message(tenantA, Guid.NewGuid(), 1, "first of A") with { UserId = "user-1", MetadataJson = """{"k":1}""" };
        var a3 = Message(tenantA, Guid.NewGuid(), 3, "second of A");
        var b0 = Message(tenantB, Guid.NewGuid(), 0, "first of B") with { Role = MessageRole.Assistant };
        var b2 = Message(tenantB, Guid.NewGuid(), 2, "second of B");
        await store.Writer.AppendAsync([a3, a1], Ct);
        await store.Writer.AppendAsync([b2, b0], Ct);

        var first = await store.Outbox.ClaimUnindexedAsync(3, Lease, ClaimTime, Ct);
        var rest = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime, Ct);

        Assert.Equal([b0.Id, a1.Id, b2.Id], first.Select(m => m.Id));
        Assert.Equal(a3, Assert.Single(rest));
        // Claimed messages come back whole, each with its own tenant.
        Assert.Equal(b0, first[0]);
        Assert.Equal(a1 with { MetadataJson = null }, first[1] with { MetadataJson = null });
        AssertSameJson(a1.MetadataJson, first[1].MetadataJson);
    }

    [Fact]
    public async Task ClaimedMessagesStayHiddenUntilTheirLeaseEnds()
    {
        var store = await DrainedAsync();
        var tenant = NewTenant();
        var messages = new[] { Message(tenant, Guid.NewGuid(), 0, "one"), Message(tenant, Guid.NewGuid(), 1, "two") };
        await store.Writer.AppendAsync(messages, Ct);

        var claimed = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime, Ct);
        var duringLease = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime + Lease - TimeSpan.FromSeconds(1), Ct);
        // The worker that claimed them died: once the lease ends they are claimed again, and leased anew.
        var afterLease = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime + Lease, Ct);
        var duringSecondLease = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime + Lease + TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(messages, claimed);
        Assert.Empty(duringLease);
        Assert.Equal(messages, afterLease);
        Assert.Empty(duringSecondLease);
    }

    [Fact]
    public async Task MarkedMessagesAreNeverClaimedAgain()
    {
        var store = await DrainedAsync();
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        var messages = Enumerable.Range(0, 3).Select(minute => Message(tenant, session, minute, $"message {minute}")).ToList();
        await store.Writer.AppendAsync(messages, Ct);

        var claimed = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime, Ct);
        await store.Outbox.MarkIndexedAsync([claimed[0], claimed[2]], Ct);
        var afterLease = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime + TimeSpan.FromDays(1), Ct);
        await store.Outbox.MarkIndexedAsync(afterLease, Ct);
        await store.Outbox.MarkIndexedAsync([], Ct);
        // Appending a stored message again keeps the stored one, indexing state included.
        await store.Writer.AppendAsync([messages[0]], Ct);
        var later = await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime + TimeSpan.FromDays(30), Ct);

        Assert.Equal(messages, claimed);
        Assert.Equal([messages[1]], afterLease);
        Assert.Empty(later);
        Assert.Equal(3, (await store.History.GetHistoryAsync(tenant, session, new PageRequest(), Ct)).Total);
    }

    [Fact]
    public async Task MarkingIsScopedToTheMessagesTenant()
    {
        var store = await DrainedAsync();
        var (tenantA, tenantB) = (NewTenant(), NewTenant());
        var ofA = Message(tenantA, Guid.NewGuid(), 0, "A's message");
        var ofB = ofA with { TenantId = tenantB, Content = "B's message with the same id" };
        await store.Writer.AppendAsync([ofA], Ct);
        await store.Writer.AppendAsync([ofB], Ct);

        await store.Outbox.MarkIndexedAsync([ofA], Ct);

        Assert.Equal(ofB, Assert.Single(await store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime, Ct)));
    }

    [Fact]
    public async Task ConcurrentClaimsNeverHandOutAMessageTwice()
    {
        var store = await DrainedAsync();
        var tenant = NewTenant();
        var messages = Enumerable.Range(0, 40).Select(minute => Message(tenant, Guid.NewGuid(), minute)).ToList();
        await store.Writer.AppendAsync(messages, Ct);

        // Four workers claim five at a time until nothing is left.
        var perWorker = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var mine = new List<Guid>();
            while (await store.Outbox.ClaimUnindexedAsync(5, Lease, ClaimTime, Ct) is { Count: > 0 } claimed)
                mine.AddRange(claimed.Select(m => m.Id));
            return mine;
        }));

        var all = perWorker.SelectMany(ids => ids).ToList();
        Assert.Equal(messages.Count, all.Count);
        Assert.Equal(messages.Select(m => m.Id).Order(), all.Order());
    }

    [Fact]
    public async Task ClaimRejectsAnEmptyBatchOrLease()
    {
        var store = new Ports(Services);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.Outbox.ClaimUnindexedAsync(0, Lease, ClaimTime, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.Outbox.ClaimUnindexedAsync(10, TimeSpan.Zero, ClaimTime, Ct));
    }

    [Fact]
    public async Task MessagesAreCountedPerUtcDayOfTheWindowForTheTenantAndAgent()
    {
        var store = new Ports(Services);
        var (tenant, otherTenant) = (NewTenant(), NewTenant());
        var from = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(2);
        ConversationMessage MessageAt(DateTimeOffset createdAt, string agent = "support-agent", string? tenantId = null) =>
            Message(tenantId ?? tenant, Guid.NewGuid(), 0) with { CreatedAt = createdAt, AgentId = agent };
        await store.Writer.AppendAsync(
        [
            MessageAt(from), MessageAt(from.AddHours(23).AddMinutes(59)),
            // 00:30 on 2 March at +02:00 is 22:30 on 1 March UTC.
            MessageAt(new DateTimeOffset(2025, 3, 2, 0, 30, 0, TimeSpan.FromHours(2))),
            MessageAt(from.AddDays(1)), MessageAt(from.AddDays(1).AddHours(5), agent: "planner"),
            MessageAt(from.AddMilliseconds(-1)), MessageAt(to), MessageAt(from.AddHours(1), tenantId: otherTenant),
        ], Ct);

        var tenantWide = await store.Activity.CountPerDayAsync(tenant, null, from, to, Ct);
        var planner = await store.Activity.CountPerDayAsync(tenant, "planner", from, to, Ct);
        var nobody = await store.Activity.CountPerDayAsync(tenant, "Support-Agent", from, to, Ct);

        Assert.Equal(new Dictionary<DateOnly, long> { [new(2025, 3, 1)] = 3, [new(2025, 3, 2)] = 2 }, tenantWide);
        Assert.Equal(new Dictionary<DateOnly, long> { [new(2025, 3, 2)] = 1 }, planner);
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task SummaryCountsDistinctUsersAndAssistantCharactersOfTheWindow()
    {
        var store = new Ports(Services);
        var tenant = NewTenant();
        var session = Guid.NewGuid();
        Func<int, string?, MessageRole, string, ConversationMessage> message = (minute, user, role, content) =>
            Message(tenant, session, minute, content) with { UserId = user, Role = role };
        await store.Writer.AppendAsync(
        [
            message(0, "alice", MessageRole.User, "hi"),
            message(1, "alice", MessageRole.Assistant, "hello 👋"),
            message(2, "Alice", MessageRole.User, "again"),
            message(3, "bob", MessageRole.Assistant, "Grüße"),
            message(4, null, MessageRole.Assistant, "ok"),
            message(5, "carol", MessageRole.System, "a system prompt"),
            message(60, "dave", MessageRole.Assistant, "outside the window"),
            message(6, "erin", MessageRole.Assistant, "other agent") with { AgentId = "planner" },
            Message(NewTenant(), session, 0) with { UserId = "mallory", Role = MessageRole.Assistant },
        ], Ct);

        var tenantWide = await store.Activity.SummarizeAsync(tenant, null, At(0), At(60), Ct);
        var agent = await store.Activity.SummarizeAsync(tenant, "support-agent", At(0), At(60), Ct);
        var none = await store.Activity.SummarizeAsync(tenant, "Support-Agent", At(0), At(60), Ct);

        // Users alice, Alice, bob, carol, erin (null is no user). Assistant: "hello 👋" 7 code points, "Grüße" 5, "ok" 2, "other agent" 11.
        Assert.Equal(new ConversationFigures(5, 4, 25), tenantWide);
        Assert.Equal(new ConversationFigures(4, 3, 14), agent);
        Assert.Equal(14.0 / 3, agent.AverageResponseLength);
        Assert.Equal(new ConversationFigures(0, 0, 0), none);
        Assert.Null(none.AverageResponseLength);
    }

    [Fact]
    public async Task UnreachableStoreRaisesStoreUnavailable()
    {
        var store = new Ports(UnreachableServices);
        var message = Message(NewTenant(), Guid.NewGuid(), 0);

        var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.Writer.AppendAsync([message], Ct));
        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.History.GetHistoryAsync(message.TenantId, message.SessionId, new PageRequest(), Ct));
        var readBefore = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.History.GetHistoryBeforeAsync(message.TenantId, message.SessionId, message.Id, 10, Ct));
        var claim = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.Outbox.ClaimUnindexedAsync(10, Lease, ClaimTime, Ct));
        var mark = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.Outbox.MarkIndexedAsync([message], Ct));

        Assert.All(new[] { append, read, readBefore, claim, mark }, failure => Assert.Equal(StoreNames.Documents, failure.Store));
        var count = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.Activity.CountPerDayAsync(message.TenantId, null, At(0), At(60), Ct));
        var summary = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.Activity.SummarizeAsync(message.TenantId, null, At(0), At(60), Ct));

        Assert.Equal(StoreNames.Documents, append.Store);
        Assert.Equal(StoreNames.Documents, read.Store);
        Assert.Equal(StoreNames.Documents, count.Store);
        Assert.Equal(StoreNames.Documents, summary.Store);
    }

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>The claims' clock: after every message's creation time (messages may be claimed as soon as stored).</summary>
    private static readonly DateTimeOffset ClaimTime = At(24 * 60);

    /// <summary>Claims are across tenants, and some adapters share one database between tests: first every message
    /// already there (other tests') is claimed and marked indexed, so claims in the test see only its own.</summary>
    private async Task<Ports> DrainedAsync()
    {
        var store = new Ports(Services);
        var whenever = DateTimeOffset.MaxValue - TimeSpan.FromDays(1);
        while (await store.Outbox.ClaimUnindexedAsync(DrainBatch, Lease, whenever, Ct) is { Count: > 0 } leftovers)
            await store.Outbox.MarkIndexedAsync(leftovers, Ct);
        return store;
    }

    private const int DrainBatch = 500;
}
