using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;
using AgentPlatform.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.FullText;

public sealed class LuceneFullTextIndexTests(LuceneFullTextFixture root) : FullTextIndexConformance, IClassFixture<LuceneFullTextFixture>
{
    protected override IServiceProvider Services => root.Services;
    protected override IServiceProvider SecondProcessServices => root.SecondProcessServices;
    protected override IServiceProvider UnreachableServices => root.UnreachableServices;

    [Fact]
    public async Task A_reader_before_any_write_finds_nothing_and_creates_no_index()
    {
        var emptyRoot = Path.Combine(root.Root, "empty-" + Guid.NewGuid().ToString("N"));
        using var readerHost = LuceneFullTextFixture.Open(emptyRoot);
        var reader = readerHost.Services.GetRequiredService<IFullTextIndex>();
        await reader.EnsureCreatedAsync(Ct);

        var result = await reader.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(Tenant, "anything", new SearchFilter()), Ct);
        var aggregations = await reader.AggregateAsync(FullTextIndexName.Knowledge, new FullTextAggregationRequest(Tenant, new SearchFilter()) { DateHistogram = CalendarInterval.Day }, Ct);

        Assert.Empty(result.Hits);
        Assert.Equal(0, result.Total);
        Assert.Equal(0, aggregations.Count);
        Assert.Empty(aggregations.DateHistogram);
        Assert.True(Directory.Exists(Path.Combine(emptyRoot, "knowledge")));
        Assert.Empty(Directory.GetFiles(Path.Combine(emptyRoot, "knowledge")));
    }

    /// <summary>Search.Api reads what the worker commits, and every search first picks up the latest commit: one that
    /// starts while another search is refreshing must wait for that refresh, not run on the older reader (found by the
    /// load benchmark: entries reported Indexed were missing from concurrent full-text searches).</summary>
    [Fact]
    public async Task Concurrent_searches_of_a_reading_instance_all_see_the_commit_made_before_they_started()
    {
        var sharedRoot = Path.Combine(root.Root, "readers-" + Guid.NewGuid().ToString("N"));
        using var workerHost = LuceneFullTextFixture.Open(sharedRoot);
        var worker = workerHost.Services.GetRequiredService<IFullTextIndex>();
        using var searchApiHost = LuceneFullTextFixture.Open(sharedRoot);
        var searchApi = searchApiHost.Services.GetRequiredService<IFullTextIndex>();
        var query = new FullTextQuery(Tenant, "shared", new SearchFilter(), Fuzzy: false, Highlight: false);

        for (var round = 1; round <= 20; round++)
        {
            var document = new FullTextDocument { Id = $"d{round}", TenantId = Tenant, Title = "t", Content = "shared words", CreatedAt = Monday };
            await worker.IndexAsync(FullTextIndexName.Knowledge, [document], Ct);

            var totals = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
                Task.Run(async () => (await searchApi.SearchAsync(FullTextIndexName.Knowledge, query, Ct)).Total, Ct)));

            Assert.All(totals, total => Assert.Equal(round, total));
        }
    }

    /// <summary>A search knows its reader is current from segments.gen alone; without that file (Lucene writes it as a
    /// hint and ignores a failure to) or with an unreadable one, the reader's own check finds the commit at once, and
    /// past one naming an older commit (its write failed) the periodic full check finds it.</summary>
    [Theory]
    [InlineData("missing")]
    [InlineData("stale")]
    [InlineData("garbage")]
    public async Task A_reading_instance_sees_another_instances_commit_whatever_segments_gen_says(string segmentsGen)
    {
        var sharedRoot = Path.Combine(root.Root, "gen-" + Guid.NewGuid().ToString("N"));
        using var workerHost = LuceneFullTextFixture.Open(sharedRoot);
        var worker = workerHost.Services.GetRequiredService<IFullTextIndex>();
        using var searchApiHost = LuceneFullTextFixture.Open(sharedRoot);
        var searchApi = searchApiHost.Services.GetRequiredService<IFullTextIndex>();
        var directory = Path.Combine(sharedRoot, "knowledge");
        var genFile = Path.Combine(directory, CommitGeneration.FileName);
        var query = new FullTextQuery(Tenant, "shared", new SearchFilter(), Fuzzy: false, Highlight: false);
        await worker.IndexAsync(FullTextIndexName.Knowledge, [Document("d1")], Ct);
        Assert.Equal(1, (await searchApi.SearchAsync(FullTextIndexName.Knowledge, query, Ct)).Total);
        var olderCommit = await File.ReadAllBytesAsync(genFile, Ct);
        var older = CommitGeneration.Latest(directory);

        await worker.IndexAsync(FullTextIndexName.Knowledge, [Document("d2")], Ct);
        Assert.Equal(older + 1, CommitGeneration.Latest(directory));
        switch (segmentsGen)
        {
            case "missing": File.Delete(genFile); break;
            case "stale":
                await File.WriteAllBytesAsync(genFile, olderCommit, Ct);
                await Task.Delay(LuceneIndexDirectory.FullCheckInterval + TimeSpan.FromMilliseconds(100), Ct);
                break;
            default: await File.WriteAllBytesAsync(genFile, [1, 2, 3], Ct); break;
        }

        Assert.Equal(2, (await searchApi.SearchAsync(FullTextIndexName.Knowledge, query, Ct)).Total);
        Assert.Equal(segmentsGen == "stale" ? older : null, CommitGeneration.Latest(directory));

        FullTextDocument Document(string id) => new() { Id = id, TenantId = Tenant, Title = "t", Content = "shared words", CreatedAt = Monday };
    }

    [Fact]
    public async Task Fuzzy_matching_expands_only_words_the_tenants_documents_do_not_contain()
    {
        var index = await ReadyAsync();
        await index.IndexAsync(FullTextIndexName.Knowledge,
        [
            Doc("model", "Notes", "The model answers slowly under load."),
            Doc("modem", "Notes", "The modem answers slowly under load."),
            // Another tenant's document holds the typo as written: it must not stop this tenant's query from being corrected.
            Doc("other", "Notes", "The modell answers slowly under load.") with { TenantId = OtherTenant },
        ], Ct);

        var known = await Search(index, "modem");
        var typo = await Search(index, "modell");

        Assert.Equal(["modem"], known.Hits.Select(h => h.Document.Id));
        Assert.Equal(["model", "modem"], typo.Hits.Select(h => h.Document.Id).Order());
    }

    [Fact]
    public async Task Only_one_writer_per_directory_a_second_writing_instance_is_refused()
    {
        var sharedRoot = Path.Combine(root.Root, "writers-" + Guid.NewGuid().ToString("N"));
        using var workerHost = LuceneFullTextFixture.Open(sharedRoot);
        var worker = workerHost.Services.GetRequiredService<IFullTextIndex>();
        using var intruderHost = LuceneFullTextFixture.Open(sharedRoot);
        var intruder = intruderHost.Services.GetRequiredService<IFullTextIndex>();
        var document = new FullTextDocument { Id = "d1", TenantId = Tenant, Title = "t", Content = "c", CreatedAt = Monday };
        await worker.IndexAsync(FullTextIndexName.Knowledge, [document], Ct);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => intruder.IndexAsync(FullTextIndexName.Knowledge, [document], Ct));

        Assert.Equal(StoreNames.FullText, error.Store);
        Assert.Single((await intruder.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(Tenant, "c", new SearchFilter()), Ct)).Hits);
    }

    [Theory]
    [InlineData("2025-03-12T13:45:10Z", CalendarInterval.Hour, "2025-03-12T13:00:00Z")]
    [InlineData("2025-03-12T13:45:10Z", CalendarInterval.Day, "2025-03-12T00:00:00Z")]
    [InlineData("2025-03-16T23:59:59Z", CalendarInterval.Week, "2025-03-10T00:00:00Z")]
    [InlineData("2025-03-17T00:00:00Z", CalendarInterval.Week, "2025-03-17T00:00:00Z")]
    [InlineData("2025-03-31T23:00:00Z", CalendarInterval.Month, "2025-03-01T00:00:00Z")]
    public void Interval_starts_are_calendar_aligned_in_utc(string instant, CalendarInterval interval, string expectedStart)
    {
        var start = LuceneAggregations.IntervalStart(DateTimeOffset.Parse(instant).UtcDateTime, interval);

        Assert.Equal(DateTimeOffset.Parse(expectedStart).UtcDateTime, start);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
    }

    [Theory]
    [InlineData("ab", 0)]
    [InlineData("abc", 1)]
    [InlineData("abcde", 1)]
    [InlineData("abcdef", 2)]
    public void Fuzziness_auto_allows_more_edits_for_longer_terms(string term, int edits) =>
        Assert.Equal(edits, LuceneQueries.AutoEdits(term));
}
