using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.FullText;

/// <summary>What every IFullTextIndex adapter must do. Each test works in its own tenant, so adapters that share a store
/// across tests (one Lucene directory per class, one Elasticsearch cluster) stay isolated.</summary>
public abstract class FullTextIndexConformance : PortConformance
{
    /// <summary>A Monday, so day and week buckets are easy to reason about.</summary>
    protected static readonly DateTimeOffset Monday = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private const FullTextIndexName Knowledge = FullTextIndexName.Knowledge;

    protected string Tenant { get; } = "t-" + Guid.NewGuid().ToString("N")[..16];
    protected string OtherTenant { get; } = "o-" + Guid.NewGuid().ToString("N")[..16];
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The same integration over the same store, as another process (Search.Api beside the worker) registers it.</summary>
    protected abstract IServiceProvider SecondProcessServices { get; }

    /// <summary>The same integration over a store that cannot be reached.</summary>
    protected abstract IServiceProvider UnreachableServices { get; }

    [Fact]
    public async Task Indexed_document_round_trips_every_field()
    {
        var index = await ReadyAsync();
        var document = EveryField("d1", "Conversations are kept for ninety days.");
        await index.IndexAsync(Knowledge, [document], Ct);

        var result = await Search(index, "retention");

        var hit = Assert.Single(result.Hits);
        Assert.Equal(1, result.Total);
        Assert.True(hit.Score > 0);
        AssertSameDocument(document, hit.Document);
    }

    [Fact]
    public async Task Query_without_content_returns_every_other_field_and_the_same_ranking()
    {
        var index = await ReadyAsync();
        var first = EveryField("d1", "Conversations are kept for ninety days, retention reviewed yearly.");
        var second = Doc("d2", "Backups", "Backups follow the retention schedule.") with { Tags = ["ops"] };
        await index.IndexAsync(Knowledge, [first, second], Ct);

        var whole = await Search(index, "retention");
        var withoutContent = await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "retention", new SearchFilter(), Highlight: false, WithContent: false), Ct);

        Assert.Equal(whole.Hits.Select(h => (h.Document.Id, h.Score)), withoutContent.Hits.Select(h => (h.Document.Id, h.Score)));
        Assert.Equal(whole.Total, withoutContent.Total);
        Assert.All(withoutContent.Hits, h => Assert.Equal("", h.Document.Content));
        AssertSameDocument(first with { Content = "" }, withoutContent.Hits.Single(h => h.Document.Id == "d1").Document);
        AssertSameDocument(second with { Content = "" }, withoutContent.Hits.Single(h => h.Document.Id == "d2").Document);
    }

    [Fact]
    public async Task Query_without_content_reads_a_document_with_very_many_tags()
    {
        var index = await ReadyAsync();
        // Some 40 KB of tags: more than an index may keep beside the stored fields for one document.
        var document = Doc("many-tags", "Tag heavy", "An entry with a great many tags.") with
        {
            Tags = [.. Enumerable.Range(0, 40).Select(i => $"tag-{i:D2}-" + new string((char)('a' + i % 26), 1000))],
        };
        await index.IndexAsync(Knowledge, [document], Ct);

        var result = await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "tag heavy", new SearchFilter(), Highlight: false, WithContent: false), Ct);

        AssertSameDocument(document with { Content = "" }, Assert.Single(result.Hits).Document);
    }

    [Fact]
    public async Task A_document_with_long_content_round_trips_and_is_highlighted()
    {
        var index = await ReadyAsync();
        // Some 60 KB of content, "é" two bytes each in UTF-8: more than an index may keep beside the stored fields for one document.
        var content = string.Concat(Enumerable.Range(0, 2000).Select(i => $"café line {i} ")) + "the lighthouse keeper";
        var document = EveryField("long-content", content);
        await index.IndexAsync(Knowledge, [document], Ct);

        var hit = Assert.Single((await Search(index, "lighthouse")).Hits);

        AssertSameDocument(document, hit.Document);
        Assert.Contains(hit.Highlights, h => h.Contains("<em>lighthouse</em>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Title_match_outranks_content_only_match()
    {
        var index = await ReadyAsync();
        // Statistics are index-wide (every tenant and test shares them), so the title is one word: BM25 can then never
        // score a single content occurrence above a doubled title occurrence, whatever the average field lengths are.
        await index.IndexAsync(Knowledge,
        [
            Doc("content-only", "Telescope notes", "A quasar outshines its whole galaxy."),
            Doc("title", "Quasars", "Notes about telescopes and their mirrors."),
        ], Ct);

        var result = await Search(index, "quasar");

        Assert.Equal(["title", "content-only"], result.Hits.Select(h => h.Document.Id));
        Assert.True(result.Hits[0].Score > result.Hits[1].Score);
    }

    [Fact]
    public async Task Fuzzy_query_finds_a_misspelled_word_and_exact_query_does_not()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [Doc("d1", "Worker pipeline", "The embedding worker batches chunks before calling the model.")], Ct);

        var fuzzy = await Search(index, "embeddng");
        var exact = await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "embeddng", new SearchFilter(), Fuzzy: false), Ct);

        Assert.Equal("d1", Assert.Single(fuzzy.Hits).Document.Id);
        Assert.Empty(exact.Hits);
    }

    [Fact]
    public async Task Exact_match_outranks_fuzzy_match()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("fuzzy", "Notes", "The model answers slowly under load."),
            Doc("exact", "Notes", "The modem answers slowly under load."),
        ], Ct);

        var result = await Search(index, "modem");

        // Elasticsearch also returns the one-edit neighbour (below the exact match); Lucene expands only words the
        // tenant's documents do not contain (see LuceneFullTextIndexTests), so there "modem" matches itself alone.
        Assert.Equal("exact", result.Hits[0].Document.Id);
        Assert.All(result.Hits.Skip(1), hit => Assert.True(hit.Score < result.Hits[0].Score));
    }

    [Fact]
    public async Task Ids_restrict_the_search_to_the_listed_documents_of_the_tenant()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("a", "Invoices", "Invoices are sent monthly."),
            Doc("b", "Invoices", "Invoices can be paid by card."),
            Doc("c", "Invoices", "Invoices older than a year are archived."),
            Doc("a", "Invoices", "Another tenant's invoices.") with { TenantId = OtherTenant },
        ], Ct);

        var listed = await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "invoices", new SearchFilter(), Ids: ["a", "c", "missing"]), Ct);
        var none = await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "invoices", new SearchFilter(), Ids: []), Ct);

        Assert.Equal(["a", "c"], listed.Hits.Select(h => h.Document.Id).Order());
        Assert.All(listed.Hits, h => Assert.Equal(Tenant, h.Document.TenantId));
        Assert.Equal(2, listed.Total);
        Assert.Empty(none.Hits);
    }

    [Fact]
    public async Task Highlights_mark_the_matched_word_in_the_content()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [Doc("d1", "Worker", "Chunks are batched. The embedding worker retries failed batches.")], Ct);

        var exact = Assert.Single((await Search(index, "embedding")).Hits);
        var fuzzy = Assert.Single((await Search(index, "embeddng")).Hits);
        var none = Assert.Single((await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "embedding", new SearchFilter(), Highlight: false), Ct)).Hits);

        Assert.Contains(exact.Highlights, h => h.Contains("<em>embedding</em>", StringComparison.Ordinal));
        Assert.Contains(fuzzy.Highlights, h => h.Contains("<em>embedding</em>", StringComparison.Ordinal));
        Assert.Empty(none.Highlights);
    }

    [Fact]
    public async Task Category_filter_keeps_only_that_category()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [Doc("faq", "Billing", "Invoices") with { Category = "faq" }, Doc("policy", "Billing", "Invoices") with { Category = "policy" }], Ct);

        var result = await Search(index, "invoices", new SearchFilter { Category = "faq" });

        Assert.Equal(["faq"], Ids(result));
    }

    [Fact]
    public async Task Tags_filter_requires_every_listed_tag()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("both", "Billing", "Invoices") with { Tags = ["eu", "finance", "2025"] },
            Doc("one", "Billing", "Invoices") with { Tags = ["eu"] },
            Doc("none", "Billing", "Invoices"),
        ], Ct);

        var both = await Search(index, "invoices", new SearchFilter { Tags = ["eu", "finance"] });
        var one = await Search(index, "invoices", new SearchFilter { Tags = ["eu"] });

        Assert.Equal(["both"], Ids(both));
        Assert.Equal(["both", "one"], Ids(one).Order());
    }

    [Fact]
    public async Task Tags_filter_with_match_any_needs_one_listed_tag()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("eu", "Billing", "Invoices") with { Tags = ["eu", "2025"] },
            Doc("finance", "Billing", "Invoices") with { Tags = ["finance"] },
            Doc("both", "Billing", "Invoices") with { Tags = ["eu", "finance"] },
            Doc("other", "Billing", "Invoices") with { Tags = ["us"] },
            Doc("none", "Billing", "Invoices"),
        ], Ct);

        var any = await Search(index, "invoices", new SearchFilter { Tags = ["eu", "finance"], MatchAnyTag = true });
        var anyFaq = await Search(index, "invoices", new SearchFilter { Tags = ["eu", "finance"], MatchAnyTag = true, Category = "faq" });
        var anyWithoutTags = await Search(index, "invoices", new SearchFilter { MatchAnyTag = true });
        var counted = await index.AggregateAsync(Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter { Tags = ["us", "2025"], MatchAnyTag = true }), Ct);

        Assert.Equal(["both", "eu", "finance"], Ids(any).Order());
        Assert.Empty(Ids(anyFaq));
        Assert.Equal(5, anyWithoutTags.Total);
        Assert.Equal(2, counted.Count);
    }

    [Fact]
    public async Task Agent_session_and_user_filters_keep_only_that_agent_session_and_user()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("a1s1", "Chat", "Hello there") with { AgentId = "agent-1", SessionId = "s-1", UserId = "u-1" },
            Doc("a1s2", "Chat", "Hello there") with { AgentId = "agent-1", SessionId = "s-2", UserId = "u-2" },
            Doc("a2s3", "Chat", "Hello there") with { AgentId = "agent-2", SessionId = "s-3", UserId = "u-1" },
            Doc("nouser", "Chat", "Hello there") with { AgentId = "agent-2", SessionId = "s-3" },
        ], Ct);

        Assert.Equal(["a1s1", "a1s2"], Ids(await Search(index, "hello", new SearchFilter { AgentId = "agent-1" })).Order());
        Assert.Equal(["a1s2"], Ids(await Search(index, "hello", new SearchFilter { SessionId = "s-2" })));
        Assert.Equal(["a1s1", "a2s3"], Ids(await Search(index, "hello", new SearchFilter { UserId = "u-1" })).Order());
        Assert.Equal(["a2s3"], Ids(await Search(index, "hello", new SearchFilter { UserId = "u-1", AgentId = "agent-2" })));
    }

    [Fact]
    public async Task Time_range_includes_from_and_excludes_to()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("day0", "Log", "Deployment finished") with { CreatedAt = Monday },
            Doc("day1", "Log", "Deployment finished") with { CreatedAt = Monday.AddDays(1) },
            Doc("day2", "Log", "Deployment finished") with { CreatedAt = Monday.AddDays(2) },
        ], Ct);

        var window = await Search(index, "deployment", new SearchFilter { From = Monday.AddDays(1), To = Monday.AddDays(2) });
        var since = await Search(index, "deployment", new SearchFilter { From = Monday.AddDays(1) });
        var before = await Search(index, "deployment", new SearchFilter { To = Monday.AddDays(1) });

        Assert.Equal(["day1"], Ids(window));
        Assert.Equal(["day1", "day2"], Ids(since).Order());
        Assert.Equal(["day0"], Ids(before));
    }

    [Fact]
    public async Task A_tenant_never_sees_replaces_or_deletes_another_tenants_documents()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [Doc("shared-id", "Secret plan", "Tenant A roadmap")], Ct);
        await index.IndexAsync(Knowledge, [Doc("shared-id", "Public plan", "Tenant B roadmap") with { TenantId = OtherTenant }], Ct);
        await index.DeleteAsync(Knowledge, OtherTenant, ["shared-id"], Ct);

        var mine = await Search(index, "roadmap");
        var theirs = await index.SearchAsync(Knowledge, new FullTextQuery(OtherTenant, "roadmap", new SearchFilter()), Ct);
        var theirAggregations = await index.AggregateAsync(Knowledge, new FullTextAggregationRequest(OtherTenant, new SearchFilter()), Ct);

        Assert.Equal("Tenant A roadmap", Assert.Single(mine.Hits).Document.Content);
        Assert.Empty(theirs.Hits);
        Assert.Equal(0, theirAggregations.Count);
    }

    [Fact]
    public async Task Indexing_the_same_id_twice_keeps_one_updated_document()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [Doc("d1", "Release notes", "First version alpha")], Ct);
        await index.IndexAsync(Knowledge, [Doc("d1", "Release notes", "Second version beta")], Ct);

        var result = await Search(index, "version");

        Assert.Equal(1, result.Total);
        Assert.Equal("Second version beta", Assert.Single(result.Hits).Document.Content);
        Assert.Empty((await Search(index, "alpha")).Hits);
    }

    [Fact]
    public async Task Delete_removes_only_the_listed_documents()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [Doc("keep", "Runbook", "Restart the service"), Doc("drop", "Runbook", "Restart the service")], Ct);

        await index.DeleteAsync(Knowledge, Tenant, ["drop", "never-indexed"], Ct);

        Assert.Equal(["keep"], Ids(await Search(index, "restart")));
    }

    [Fact]
    public async Task Indices_are_separate()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(FullTextIndexName.Conversations, [Doc("c1", "Chat", "Customer asked about refunds")], Ct);

        Assert.Empty((await Search(index, "refunds")).Hits);
        Assert.Equal(["c1"], Ids(await index.SearchAsync(FullTextIndexName.Conversations, new FullTextQuery(Tenant, "refunds", new SearchFilter()), Ct)));
    }

    [Fact]
    public async Task Pages_cover_every_hit_once_and_report_the_total()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [.. Enumerable.Range(0, 5).Select(i => Doc($"d{i}", "Paging", $"Paging sample number {i}") with { CreatedAt = Monday.AddHours(i) })], Ct);

        var pages = new List<FullTextResult>();
        foreach (var offset in new[] { 0, 2, 4 })
            pages.Add(await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "paging", new SearchFilter(), Offset: offset, Limit: 2), Ct));
        var newestFirst = await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "", new SearchFilter(), Limit: 10), Ct);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Hits.Count));
        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.Equal(["d0", "d1", "d2", "d3", "d4"], pages.SelectMany(Ids).Order());
        Assert.Equal(["d4", "d3", "d2", "d1", "d0"], Ids(newestFirst));
    }

    [Fact]
    public async Task Text_without_a_searchable_term_matches_nothing()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge, [Doc("d1", "Punctuation", "Is this it?!")], Ct);

        var result = await Search(index, "?! --");

        Assert.Empty(result.Hits);
        Assert.Equal(0, result.Total);
    }

    [Fact]
    public async Task Unicode_and_one_megabyte_content_round_trip_and_are_searchable()
    {
        var index = await ReadyAsync();
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 1_048_576 / 27 + 1));
        var content = "Ünïcödé façade — 日本語のテキスト 🚀 " + filler + " zyxwvutsr";
        await index.IndexAsync(Knowledge, [Doc("big", "Grüße aus Köln", content)], Ct);

        var byUnicode = await Search(index, "façade");
        var byTitle = await Search(index, "köln");
        var byLastWord = await index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "zyxwvutsr", new SearchFilter(), Highlight: false), Ct);

        var hit = Assert.Single(byUnicode.Hits);
        Assert.True(content.Length > 1_000_000);
        Assert.Equal(content, hit.Document.Content);
        Assert.Equal("Grüße aus Köln", hit.Document.Title);
        Assert.Contains(hit.Highlights, h => h.Contains("<em>façade</em>", StringComparison.Ordinal));
        Assert.Single(byTitle.Hits);
        Assert.Single(byLastWord.Hits);
    }

    [Fact]
    public async Task Date_histogram_counts_documents_per_utc_day_including_empty_days()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("a", "x", "x") with { CreatedAt = Monday.AddHours(9) },
            Doc("b", "x", "x") with { CreatedAt = Monday.AddHours(23).AddMinutes(59) },
            // 01:30 on Wednesday in UTC, still Tuesday in UTC-5: bucketed by its UTC day.
            Doc("c", "x", "x") with { CreatedAt = new DateTimeOffset(2025, 3, 11, 20, 30, 0, TimeSpan.FromHours(-5)) },
            Doc("d", "x", "x") with { CreatedAt = Monday.AddDays(2).AddHours(12) },
            Doc("e", "x", "x") with { CreatedAt = Monday.AddDays(4) },
        ], Ct);
        await index.IndexAsync(Knowledge, [Doc("other", "x", "x") with { TenantId = OtherTenant, CreatedAt = Monday.AddDays(3) }], Ct);

        var result = await index.AggregateAsync(Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter()) { DateHistogram = CalendarInterval.Day }, Ct);

        Assert.Equal(5, result.Count);
        Assert.Equal(
            [(Monday, 2L), (Monday.AddDays(1), 0L), (Monday.AddDays(2), 2L), (Monday.AddDays(3), 0L), (Monday.AddDays(4), 1L)],
            result.DateHistogram.Select(b => (b.Start, b.Count)));
    }

    [Fact]
    public async Task Week_histogram_starts_weeks_on_monday()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("sun", "x", "x") with { CreatedAt = Monday.AddDays(-1) },
            Doc("mon", "x", "x") with { CreatedAt = Monday },
            Doc("sat", "x", "x") with { CreatedAt = Monday.AddDays(5) },
        ], Ct);

        var result = await index.AggregateAsync(Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter()) { DateHistogram = CalendarInterval.Week }, Ct);

        Assert.Equal([(Monday.AddDays(-7), 1L), (Monday, 2L)], result.DateHistogram.Select(b => (b.Start, b.Count)));
    }

    [Fact]
    public async Task Top_terms_count_documents_per_term_within_the_filter()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(Knowledge,
        [
            Doc("1", "x", "x") with { Tags = ["alpha", "beta"], Category = "faq", AgentId = "agent-1" },
            Doc("2", "x", "x") with { Tags = ["alpha"], Category = "faq", AgentId = "agent-1" },
            Doc("3", "x", "x") with { Tags = ["alpha", "gamma"], Category = "policy", AgentId = "agent-2" },
            Doc("4", "x", "x") with { Tags = ["beta"], Category = "faq", AgentId = "agent-3" },
        ], Ct);

        var tags = await index.AggregateAsync(Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter()) { TopTermsField = "tags", TopTermsSize = 2 }, Ct);
        var agentsInFaq = await index.AggregateAsync(Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter { Category = "faq" }) { TopTermsField = "agentId" }, Ct);

        Assert.Equal([new TermBucket("alpha", 3), new TermBucket("beta", 2)], tags.TopTerms);
        Assert.Equal(3, agentsInFaq.Count);
        Assert.Equal([new TermBucket("agent-1", 2), new TermBucket("agent-3", 1)], agentsInFaq.TopTerms);
    }

    [Fact]
    public async Task Top_terms_of_content_count_the_messages_holding_each_word_without_stop_words()
    {
        var index = await ReadyAsync();
        var conversations = FullTextIndexName.Conversations;
        await index.IndexAsync(conversations,
        [
            Doc("m1", "", "The refund is late, the REFUND!") with { Tags = ["user"], AgentId = "support" },
            Doc("m2", "", "Your refund was sent to the card") with { Tags = ["assistant"], AgentId = "support" },
            Doc("m3", "", "Card declined? Try another card.") with { Tags = ["user"], AgentId = "support" },
            Doc("m4", "", "refunds and cards") with { Tags = ["user"], AgentId = "planner" },
        ], Ct);

        var words = await index.AggregateAsync(conversations, new FullTextAggregationRequest(Tenant, new SearchFilter { AgentId = "support" }) { TopTermsField = "content", TopTermsSize = 3 }, Ct);
        var roles = await index.AggregateAsync(conversations, new FullTextAggregationRequest(Tenant, new SearchFilter { AgentId = "support" }) { TopTermsField = "tags" }, Ct);

        // A message counts once per word ("refund" twice in m1, "card" twice in m3); "the", "is", "to" are stop words;
        // words are lower-cased and not stemmed ("refunds" and "cards" are other words, and only m4 has them).
        Assert.Equal([new TermBucket("card", 2), new TermBucket("refund", 2), new TermBucket("another", 1)], words.TopTerms);
        Assert.Equal([new TermBucket("user", 2), new TermBucket("assistant", 1)], roles.TopTerms);
        Assert.Equal(3, words.Count);
    }

    [Fact]
    public async Task A_second_instance_sees_what_the_first_one_commits()
    {
        var index = await ReadyAsync();
        var reader = SecondProcessServices.GetRequiredService<IFullTextIndex>();

        var before = await reader.SearchAsync(Knowledge, new FullTextQuery(Tenant, "handover", new SearchFilter()), Ct);
        await index.IndexAsync(Knowledge, [Doc("d1", "Shift", "Handover notes for the night shift")], Ct);
        var afterFirst = await reader.SearchAsync(Knowledge, new FullTextQuery(Tenant, "handover", new SearchFilter()), Ct);
        await index.IndexAsync(Knowledge, [Doc("d2", "Shift", "Handover checklist")], Ct);
        await index.DeleteAsync(Knowledge, Tenant, ["d1"], Ct);
        var afterSecond = await reader.SearchAsync(Knowledge, new FullTextQuery(Tenant, "handover", new SearchFilter()), Ct);

        Assert.Empty(before.Hits);
        Assert.Equal(["d1"], Ids(afterFirst));
        Assert.Equal(["d2"], Ids(afterSecond));
    }

    [Fact]
    public async Task An_unreachable_store_raises_StoreUnavailableException()
    {
        var index = UnreachableServices.GetRequiredService<IFullTextIndex>();

        var errors = new[]
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => index.EnsureCreatedAsync(Ct)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => index.IndexAsync(Knowledge, [Doc("d1", "x", "x")], Ct)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "x", new SearchFilter()), Ct)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => index.AggregateAsync(Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter()), Ct)),
        };
        Assert.All(errors, e => Assert.Equal(StoreNames.FullText, e.Store));
    }

    [Fact]
    public async Task Invalid_requests_are_rejected_before_reaching_the_store()
    {
        var index = await ReadyAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(Knowledge, new FullTextQuery("Not A Tenant!", "x", new SearchFilter()), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.SearchAsync(Knowledge, new FullTextQuery(Tenant, "x", new SearchFilter(), Limit: 0), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => index.AggregateAsync(Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter()) { TopTermsField = "title" }, Ct));
    }

    protected async Task<IFullTextIndex> ReadyAsync()
    {
        var index = Port<IFullTextIndex>();
        await index.EnsureCreatedAsync(Ct);
        return index;
    }

    protected FullTextDocument Doc(string id, string title, string content) => new()
    {
        Id = id,
        TenantId = Tenant,
        Title = title,
        Content = content,
        CreatedAt = Monday.AddHours(12),
    };

    /// <summary>A "Retention policy" document with every optional field set.</summary>
    private FullTextDocument EveryField(string id, string content) => Doc(id, "Retention policy", content) with
    {
        Category = "policy", Tags = ["legal", "retention"], AgentId = "agent-7", SessionId = "s-1", UserId = "user-3",
        CreatedAt = Monday.AddHours(5),
    };

    protected Task<FullTextResult> Search(IFullTextIndex index, string text, SearchFilter? filter = null) =>
        index.SearchAsync(Knowledge, new FullTextQuery(Tenant, text, filter ?? new SearchFilter()), Ct);

    private static IEnumerable<string> Ids(FullTextResult result) => result.Hits.Select(h => h.Document.Id);

    private static void AssertSameDocument(FullTextDocument expected, FullTextDocument actual)
    {
        Assert.Equal(expected with { Tags = [] }, actual with { Tags = [] });
        Assert.Equal(expected.Tags.Order(), actual.Tags.Order());
    }
}
