using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Hosts;
using AgentPlatform.Tests.Relational;

namespace AgentPlatform.Tests.Knowledge;

/// <summary>What every knowledge record must do behind its ports (<see cref="IKnowledgeEntries"/>,
/// <see cref="IKnowledgeIndexingStatus"/>, <see cref="IKnowledgeReindexQueue"/>, <see cref="IKnowledgeOutbox"/>),
/// resolved from its integration's registration. Tests use fresh tenants and, since the outbox serves every tenant,
/// look only at the messages of their own tenants.</summary>
public abstract class KnowledgeStoreConformance : PortConformance
{
    private IKnowledgeEntries Entries => Port<IKnowledgeEntries>();
    private IKnowledgeIndexingStatus IndexingStatus => Port<IKnowledgeIndexingStatus>();
    private IKnowledgeReindexQueue Reindex => Port<IKnowledgeReindexQueue>();
    private IKnowledgeOutbox Outbox => Port<IKnowledgeOutbox>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string NewTenant() => TestData.NewTenant();

    private static string Hash(string title, string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(title + "\n" + content)));

    private static KnowledgeEntry Entry(string tenant, string content, string title = "Title", DateTimeOffset? createdAt = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        Title = title,
        Content = content,
        Category = "billing",
        Tags = ["invoice", "ü-tag"],
        Source = "https://example.test/doc",
        ContentHash = Hash(title, content),
        CreatedAt = createdAt ?? T0,
        UpdatedAt = createdAt ?? T0,
    };

    private static KnowledgeUpdate Update(string content, string title = "Title") =>
        new(title, content, "support", ["new"], "manual", Hash(title, content));

    /// <summary>Claims everything due at now and keeps this tenant's messages.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(string tenant, DateTimeOffset now) =>
        (await Outbox.ClaimMessagesAsync(500, Lease, now, Ct)).Where(m => m.TenantId == tenant).ToList();

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Added_entry_reads_back_pending_at_version_one_with_an_upsert_message()
    {
        var entry = Entry(NewTenant(), "How to pay an invoice") with { Version = 7, Status = KnowledgeStatus.Indexed };

        var result = await Entries.AddAsync(entry, Ct);
        var read = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);
        var message = Assert.Single(await ClaimAsync(entry.TenantId, Now));

        Assert.True(result.Created);
        Assert.NotNull(read);
        Assert.Equal((entry.Title, entry.Content, entry.Category, entry.Source, entry.ContentHash, entry.CreatedAt),
            (read.Title, read.Content, read.Category, read.Source, read.ContentHash, read.CreatedAt));
        Assert.Equal(["invoice", "ü-tag"], read.Tags);
        Assert.Equal((1, KnowledgeStatus.Pending), (read.Version, read.Status));
        Assert.Equal((entry.Id, OutboxOperation.Upsert, 1, 0), (message.EntryId, message.Operation, message.EntryVersion, message.Attempts));
    }

    [Fact]
    public async Task Same_content_twice_gives_one_entry_and_one_message()
    {
        var first = Entry(NewTenant(), "Reset a password");

        var created = await Entries.AddAsync(first, Ct);
        var duplicate = await Entries.AddAsync(first with { Id = Guid.NewGuid() }, Ct);

        Assert.True(created.Created);
        Assert.False(duplicate.Created);
        Assert.Equal(first.Id, duplicate.Entry.Id);
        Assert.Equal(1, (await Entries.ListAsync(first.TenantId, null, null, new PageRequest(), Ct)).Total);
        Assert.Single(await ClaimAsync(first.TenantId, Now));
    }

    [Fact]
    public async Task Concurrent_adds_of_the_same_content_create_it_once()
    {
        var entry = Entry(NewTenant(), "Raced content");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Entries.AddAsync(entry with { Id = Guid.NewGuid() }, Ct)));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Entry.Id).Distinct());
        Assert.Equal(1, (await Entries.ListAsync(entry.TenantId, null, null, new PageRequest(), Ct)).Total);
    }

    [Fact]
    public async Task Batch_returns_results_in_order_and_deduplicates_within_and_across_batches()
    {
        var tenant = NewTenant();
        var existing = (await Entries.AddAsync(Entry(tenant, "already there"), Ct)).Entry;
        var fresh = Entry(tenant, "fresh");

        var results = await Entries.AddBatchAsync(
            [fresh, Entry(tenant, "already there"), fresh with { Id = Guid.NewGuid() }, Entry(NewTenant(), "fresh")], Ct);

        Assert.Equal([true, false, false, true], results.Select(r => r.Created));
        Assert.Equal([fresh.Id, existing.Id, fresh.Id], results.Take(3).Select(r => r.Entry.Id));
        Assert.Equal(2, (await Entries.ListAsync(tenant, null, null, new PageRequest(), Ct)).Total);
    }

    [Fact]
    public async Task Another_tenant_neither_sees_nor_changes_an_entry_and_may_hold_the_same_content()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "Tenant A's secret"), Ct)).Entry;
        var other = NewTenant();

        Assert.Null(await Entries.GetAsync(other, entry.Id, Ct));
        Assert.Null(await Entries.UpdateAsync(other, entry.Id, Update("hijack"), null, Ct));
        Assert.False(await Entries.DeleteAsync(other, entry.Id, Ct));
        Assert.Equal(0, (await Entries.ListAsync(other, null, null, new PageRequest(), Ct)).Total);
        Assert.Equal(0, (await IndexingStatus.CountByStatusAsync(other, Ct))[KnowledgeStatus.Pending]);
        Assert.True((await Entries.AddAsync(Entry(other, "Tenant A's secret"), Ct)).Created);
        var untouched = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);
        Assert.Equal((1, KnowledgeStatus.Pending, "Tenant A's secret"), (untouched!.Version, untouched.Status, untouched.Content));
    }

    [Fact]
    public async Task Update_bumps_the_version_and_enqueues_it_and_a_stale_expected_version_conflicts()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "v1 text"), Ct)).Entry;

        var updated = await Entries.UpdateAsync(entry.TenantId, entry.Id, Update("v2 text"), expectedVersion: 1, Ct);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Entries.UpdateAsync(entry.TenantId, entry.Id, Update("v3 text"), expectedVersion: 1, Ct));

        Assert.Equal((2, KnowledgeStatus.Pending, "v2 text", "support"), (updated!.Version, updated.Status, updated.Content, updated.Category));
        Assert.Equal(["new"], updated.Tags);
        Assert.Equal((1L, 2L), (conflict.ExpectedVersion, conflict.CurrentVersion));
        Assert.Equal("v2 text", (await Entries.GetAsync(entry.TenantId, entry.Id, Ct))!.Content);
        Assert.Equal([(OutboxOperation.Upsert, 1), (OutboxOperation.Upsert, 2)],
            (await ClaimAsync(entry.TenantId, Now)).Select(m => (m.Operation, m.EntryVersion)));
        Assert.Null(await Entries.UpdateAsync(entry.TenantId, Guid.NewGuid(), Update("nobody"), null, Ct));
    }

    [Fact]
    public async Task Update_to_the_content_of_another_entry_is_rejected()
    {
        var tenant = NewTenant();
        await Entries.AddAsync(Entry(tenant, "first"), Ct);
        var second = (await Entries.AddAsync(Entry(tenant, "second"), Ct)).Entry;

        await Assert.ThrowsAsync<DuplicateContentException>(() => Entries.UpdateAsync(tenant, second.Id, Update("first"), null, Ct));

        Assert.Equal("second", (await Entries.GetAsync(tenant, second.Id, Ct))!.Content);
    }

    [Fact]
    public async Task List_pages_newest_first_filters_by_status_and_counts_by_status()
    {
        var tenant = NewTenant();
        var entries = new List<KnowledgeEntry>();
        foreach (var minutes in new[] { 3, 1, 4, 0, 2 })
            entries.Add((await Entries.AddAsync(Entry(tenant, $"entry {minutes}", createdAt: T0.AddMinutes(minutes)), Ct)).Entry);
        var indexed = (await ClaimAsync(tenant, Now)).First(m => m.EntryId == entries[0].Id);
        await Outbox.CompleteUpsertAsync([indexed], T0.AddHours(1), Ct);

        var first = await Entries.ListAsync(tenant, null, null, new PageRequest(0, 3), Ct);
        var rest = await Entries.ListAsync(tenant, null, null, new PageRequest(3, 3), Ct);
        var pending = await Entries.ListAsync(tenant, KnowledgeStatus.Pending, null, new PageRequest(), Ct);
        var counts = await IndexingStatus.CountByStatusAsync(tenant, Ct);

        Assert.Equal(["entry 4", "entry 3", "entry 2", "entry 1", "entry 0"], first.Items.Concat(rest.Items).Select(e => e.Content));
        Assert.Equal((5, true), (first.Total, first.HasMore));
        Assert.Equal(["entry 4", "entry 2", "entry 1", "entry 0"], pending.Items.Select(e => e.Content));
        Assert.Equal((4L, 1L, 0L, 0L), (counts[KnowledgeStatus.Pending], counts[KnowledgeStatus.Indexed], counts[KnowledgeStatus.Failed], counts[KnowledgeStatus.Deleting]));
    }

    [Fact]
    public async Task A_claim_leases_messages_until_the_lease_runs_out()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "leased"), Ct)).Entry;
        var now = Now;

        var claimed = Assert.Single(await ClaimAsync(entry.TenantId, now));
        var whileLeased = await ClaimAsync(entry.TenantId, now + Lease - TimeSpan.FromSeconds(1));
        var afterLease = await ClaimAsync(entry.TenantId, now + Lease);

        Assert.Equal(now + Lease, claimed.NextAttemptAt);
        Assert.Empty(whileLeased);
        Assert.Equal(claimed.Id, Assert.Single(afterLease).Id);
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_out_the_same_message()
    {
        var tenant = NewTenant();
        await Entries.AddBatchAsync(Enumerable.Range(0, 20).Select(i => Entry(tenant, $"parallel {i}")).ToList(), Ct);
        var now = Now;

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Outbox.ClaimMessagesAsync(5, Lease, now, Ct)));
        var mine = claims.SelectMany(c => c).Where(m => m.TenantId == tenant).Select(m => m.Id).ToList();

        Assert.Equal(mine.Count, mine.Distinct().Count());
        // A claim interleaves tenants round-robin (other tests' messages share the outbox), but each tenant's own
        // messages come oldest first.
        Assert.All(claims.SelectMany(c => c.GroupBy(m => m.TenantId)),
            ofTenant => Assert.Equal(ofTenant.Select(m => m.Id).Order(), ofTenant.Select(m => m.Id)));
    }

    [Fact]
    public async Task Completing_an_upsert_marks_the_entry_indexed_and_removes_the_message()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "to index"), Ct)).Entry;
        var message = Assert.Single(await ClaimAsync(entry.TenantId, Now));
        var pendingBefore = await Outbox.PendingCountAsync(Ct);

        await Outbox.CompleteUpsertAsync([message], T0.AddHours(2), Ct);

        var read = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);
        Assert.Equal((KnowledgeStatus.Indexed, T0.AddHours(2)), (read!.Status, read.IndexedAt));
        Assert.Equal(pendingBefore - 1, await Outbox.PendingCountAsync(Ct));
        Assert.Empty(await ClaimAsync(entry.TenantId, Now + Lease * 2));
    }

    [Fact]
    public async Task Completing_several_upserts_at_once_marks_each_entry_at_its_version_across_tenants()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        var entries = new List<KnowledgeEntry>();
        foreach (var (t, text) in new[] { (tenant, "first"), (tenant, "second"), (tenant, "moved on"), (other, "foreign") })
            entries.Add((await Entries.AddAsync(Entry(t, text), Ct)).Entry);
        var messages = (await Outbox.ClaimMessagesAsync(500, Lease, Now, Ct)).Where(m => m.TenantId == tenant || m.TenantId == other).ToList();
        Assert.Equal(4, messages.Count);
        await Entries.UpdateAsync(tenant, entries[2].Id, Update("moved on, v2"), null, Ct);

        await Outbox.CompleteUpsertAsync(messages, T0.AddHours(3), Ct);

        foreach (var entry in entries.Where(e => e != entries[2]))
        {
            var read = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);
            Assert.Equal((KnowledgeStatus.Indexed, T0.AddHours(3)), (read!.Status, read.IndexedAt));
        }
        var movedOn = await Entries.GetAsync(tenant, entries[2].Id, Ct);
        Assert.Equal((2, KnowledgeStatus.Pending), (movedOn!.Version, movedOn.Status));
        // Only the newer version's message is left to claim.
        Assert.Equal([(entries[2].Id, 2)], (await ClaimAsync(tenant, Now + Lease * 2)).Select(m => (m.EntryId, m.EntryVersion)));
        Assert.Empty(await ClaimAsync(other, Now + Lease * 2));
    }

    [Fact]
    public async Task Indexed_since_counts_the_tenants_entries_indexed_at_or_after_the_instant()
    {
        var tenant = NewTenant();
        var other = NewTenant();
        var indexedAt = new[] { T0, T0.AddSeconds(30), T0.AddSeconds(59) };
        for (var i = 0; i < indexedAt.Length; i++)
        {
            await Entries.AddAsync(Entry(tenant, $"indexed {i}"), Ct);
            await Outbox.CompleteUpsertAsync([Assert.Single(await ClaimAsync(tenant, Now))], indexedAt[i], Ct);
        }
        await Entries.AddAsync(Entry(tenant, "still pending"), Ct);
        await Entries.AddAsync(Entry(other, "another tenant's"), Ct);
        await Outbox.CompleteUpsertAsync([Assert.Single(await ClaimAsync(other, Now))], T0.AddSeconds(45), Ct);

        Assert.Equal(3, await IndexingStatus.CountIndexedSinceAsync(tenant, T0, Ct));
        Assert.Equal(2, await IndexingStatus.CountIndexedSinceAsync(tenant, T0.AddSeconds(30), Ct));
        Assert.Equal(0, await IndexingStatus.CountIndexedSinceAsync(tenant, T0.AddMinutes(1), Ct));
        Assert.Equal(1, await IndexingStatus.CountIndexedSinceAsync(other, T0, Ct));
    }

    [Fact]
    public async Task An_older_message_does_not_mark_a_newer_version_indexed()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "v1"), Ct)).Entry;
        var v1Message = Assert.Single(await ClaimAsync(entry.TenantId, Now));
        await Entries.UpdateAsync(entry.TenantId, entry.Id, Update("v2"), null, Ct);

        await Outbox.CompleteUpsertAsync([v1Message], T0, Ct);

        var read = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);
        Assert.Equal((2, KnowledgeStatus.Pending, (DateTimeOffset?)null), (read!.Version, read.Status, read.IndexedAt));
        var v2Message = Assert.Single(await ClaimAsync(entry.TenantId, Now));
        Assert.Equal(2, v2Message.EntryVersion);
    }

    [Fact]
    public async Task A_failure_with_a_retry_time_counts_the_attempt_and_waits()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "flaky"), Ct)).Entry;
        var now = Now;
        var message = Assert.Single(await ClaimAsync(entry.TenantId, now));

        await Outbox.FailAsync(message, "vector index timed out", now + TimeSpan.FromSeconds(30), Ct);

        Assert.Empty(await ClaimAsync(entry.TenantId, now + TimeSpan.FromSeconds(29)));
        var retried = Assert.Single(await ClaimAsync(entry.TenantId, now + TimeSpan.FromSeconds(30)));
        Assert.Equal((message.Id, 1, "vector index timed out"), (retried.Id, retried.Attempts, retried.LastError));
        Assert.Equal(KnowledgeStatus.Pending, (await Entries.GetAsync(entry.TenantId, entry.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Released_messages_are_due_again_at_once_with_their_attempts_unchanged()
    {
        var tenant = NewTenant();
        foreach (var text in new[] { "kept", "handed back 1", "handed back 2" })
            await Entries.AddAsync(Entry(tenant, text), Ct);
        var now = Now;
        var claimed = await ClaimAsync(tenant, now);
        Assert.Equal(3, claimed.Count);

        await Outbox.ReleaseAsync(claimed[1..], now, Ct);

        // Within the first claim's lease only the released two come back, as they were.
        var again = await ClaimAsync(tenant, now + TimeSpan.FromSeconds(1));
        Assert.Equal(claimed[1..].Select(m => (m.Id, m.EntryVersion, m.Attempts)), again.Select(m => (m.Id, m.EntryVersion, m.Attempts)));
        await Outbox.ReleaseAsync([], now, Ct);
    }

    [Fact]
    public async Task Exhausted_attempts_mark_the_entry_failed_and_drop_the_message()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "poison"), Ct)).Entry;
        var message = Assert.Single(await ClaimAsync(entry.TenantId, Now));

        await Outbox.FailAsync(message, "embedding failed: bad input", retryAt: null, Ct);

        var read = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);
        Assert.Equal((KnowledgeStatus.Failed, "embedding failed: bad input"), (read!.Status, read.Error));
        Assert.Empty(await ClaimAsync(entry.TenantId, Now + Lease * 2));
        Assert.Equal(1, (await IndexingStatus.CountByStatusAsync(entry.TenantId, Ct))[KnowledgeStatus.Failed]);
    }

    [Fact]
    public async Task Delete_marks_deleting_enqueues_a_delete_and_completion_removes_the_entry()
    {
        var entry = (await Entries.AddAsync(Entry(NewTenant(), "short-lived"), Ct)).Entry;
        var upsert = Assert.Single(await ClaimAsync(entry.TenantId, Now));

        Assert.True(await Entries.DeleteAsync(entry.TenantId, entry.Id, Ct));
        Assert.True(await Entries.DeleteAsync(entry.TenantId, entry.Id, Ct));
        await Outbox.CompleteUpsertAsync([upsert], T0, Ct);
        var deleting = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);
        var claimed = Assert.Single(await Outbox.ClaimAsync(500, Lease, Now, Ct), c => c.Message.TenantId == entry.TenantId);
        var (delete, seenByWorker) = claimed;

        Assert.Equal(KnowledgeStatus.Deleting, deleting!.Status);
        Assert.Equal(KnowledgeStatus.Deleting, seenByWorker!.Status);
        Assert.Null(await Entries.UpdateAsync(entry.TenantId, entry.Id, Update("revive"), null, Ct));
        Assert.Equal((OutboxOperation.Delete, deleting.Version), (delete.Operation, delete.EntryVersion));

        await Outbox.CompleteDeleteAsync(delete, Ct);

        Assert.Null(await Entries.GetAsync(entry.TenantId, entry.Id, Ct));
        Assert.False(await Entries.DeleteAsync(entry.TenantId, entry.Id, Ct));
        Assert.Empty(await ClaimAsync(entry.TenantId, Now + Lease * 2));
    }

    [Fact]
    public async Task Reindex_queues_each_live_entry_once_at_its_version_and_leaves_other_tenants_alone()
    {
        var tenant = NewTenant();
        var other = NewTenant();
        var entries = (await Entries.AddBatchAsync([Entry(tenant, "kept"), Entry(tenant, "updated"), Entry(tenant, "deleted"), Entry(tenant, "failed")], Ct))
            .Select(r => r.Entry).ToList();
        var otherEntry = (await Entries.AddAsync(Entry(other, "kept"), Ct)).Entry;
        // One claim serves every tenant: take both tenants' first messages from it.
        foreach (var message in (await Outbox.ClaimMessagesAsync(500, Lease, Now, Ct)).Where(m => m.TenantId == tenant || m.TenantId == other))
        {
            if (message.EntryId == entries[3].Id) await Outbox.FailAsync(message, "gave up", retryAt: null, Ct);
            else await Outbox.CompleteUpsertAsync([message], T0, Ct);
        }
        await Entries.UpdateAsync(tenant, entries[1].Id, Update("updated v2"), null, Ct);
        await Entries.DeleteAsync(tenant, entries[2].Id, Ct);

        var queued = await Reindex.EnqueueReindexAsync(tenant, OutboxOperation.Upsert, Ct);
        var again = await Reindex.EnqueueReindexAsync(tenant, OutboxOperation.Upsert, Ct);

        // The updated entry already had its v2 upsert queued; the deleting one keeps only its delete.
        Assert.Equal((2, 0), (queued, again));
        var counts = await IndexingStatus.CountByStatusAsync(tenant, Ct);
        Assert.Equal((3L, 0L, 0L, 1L), (counts[KnowledgeStatus.Pending], counts[KnowledgeStatus.Indexed], counts[KnowledgeStatus.Failed], counts[KnowledgeStatus.Deleting]));
        var messages = (await ClaimAsync(tenant, Now)).OrderBy(m => entries.FindIndex(e => e.Id == m.EntryId)).ToList();
        Assert.Equal(
            [(entries[0].Id, OutboxOperation.Upsert, 1), (entries[1].Id, OutboxOperation.Upsert, 2), (entries[2].Id, OutboxOperation.Delete, 2), (entries[3].Id, OutboxOperation.Upsert, 1)],
            messages.Select(m => (m.EntryId, m.Operation, m.EntryVersion)));
        Assert.All(messages.Where(m => m.EntryId != entries[1].Id && m.EntryId != entries[2].Id), m => Assert.Equal(0, m.Attempts));
        Assert.Equal(KnowledgeStatus.Indexed, (await Entries.GetAsync(other, otherEntry.Id, Ct))!.Status);
        Assert.Empty(await ClaimAsync(other, Now));

        foreach (var message in messages.Where(m => m.Operation == OutboxOperation.Upsert))
            await Outbox.CompleteUpsertAsync([message], T0.AddHours(1), Ct);
        Assert.Equal(3L, (await IndexingStatus.CountByStatusAsync(tenant, Ct))[KnowledgeStatus.Indexed]);
        Assert.Equal(0, await Reindex.EnqueueReindexAsync(NewTenant(), OutboxOperation.Upsert, Ct));
    }

    [Fact]
    public async Task Each_message_carries_the_trace_context_of_the_activity_that_wrote_it()
    {
        // The runner may run a test inside an activity of its own; the untraced write below must have none.
        Activity.Current = null;
        var traced = Entry(NewTenant(), "traced");
        var untraced = Entry(traced.TenantId, "untraced", title: "Other");

        var addTrace = await WithinActivityAsync(() => Entries.AddAsync(traced, Ct));
        await Entries.AddAsync(untraced, Ct);
        var updateTrace = await WithinActivityAsync(() => Entries.UpdateAsync(traced.TenantId, traced.Id, Update("traced again"), null, Ct));
        var messages = await ClaimAsync(traced.TenantId, Now);

        Assert.NotEqual(addTrace, updateTrace);
        Assert.Equal([(traced.Id, 1, addTrace), (untraced.Id, 1, null), (traced.Id, 2, updateTrace)],
            messages.OrderBy(m => m.Id).Select(m => (m.EntryId, m.EntryVersion, m.TraceParent)));
    }

    /// <summary>Runs a write inside a fresh W3C activity (as an API request would) and returns that activity's traceparent.</summary>
    private static async Task<string?> WithinActivityAsync(Func<Task> write)
    {
        using var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        await write();
        return request.Id;
    }

    [Fact]
    public async Task Unicode_and_one_megabyte_content_round_trip()
    {
        var entry = Entry(NewTenant(), TestData.LargeUnicode, title: "Überblick — 概要 📚");

        await Entries.AddAsync(entry, Ct);
        var read = await Entries.GetAsync(entry.TenantId, entry.Id, Ct);

        Assert.Equal(TestData.LargeUnicode, read!.Content);
        Assert.Equal("Überblick — 概要 📚", read.Title);
    }
}
