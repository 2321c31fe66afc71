using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Tests.FullText;

/// <summary>The writing process merges an index into one segment once it has been idle for the configured delay: a
/// small index always, a large one only when the segments besides the largest hold enough of its bytes to be worth
/// rewriting the whole index.</summary>
public sealed class LuceneIdleMergeTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentplatform-idle-merge-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private readonly LuceneFullTextIndex _writer;
    private readonly LuceneFullTextIndex _reader;

    public LuceneIdleMergeTests()
    {
        _writer = new LuceneFullTextIndex(_root, Delay, _time);
        // Another process's view (Search.Api): it never writes, so it never merges.
        _reader = new LuceneFullTextIndex(_root);
    }

    [Fact]
    public async Task Batches_are_merged_into_one_segment_after_the_idle_delay_and_a_reading_instance_still_finds_every_document()
    {
        string[] words = ["alpha", "beta", "gamma", "delta"];
        for (var batch = 0; batch < words.Length; batch++)
            await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document($"d{batch}", "shared words about " + words[batch])], Ct);
        Assert.Equal(4, await SearchTotalAsync());
        Assert.Equal(4, SegmentCount());

        _time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(4, SegmentCount());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, SegmentCount());
        Assert.Equal(4, await SearchTotalAsync());
        var hit = Assert.Single((await _reader.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(Tenant, "gamma", new SearchFilter(), Fuzzy: false), Ct)).Hits);
        Assert.Equal("d2", hit.Document.Id);
        Assert.NotEmpty(hit.Highlights);
    }

    [Fact]
    public async Task Each_write_moves_the_merge_back_and_a_write_after_a_merge_sets_it_again()
    {
        await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document("a", "shared first")], Ct);
        _time.Advance(Delay / 2);
        await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document("b", "shared second")], Ct);
        _time.Advance(Delay / 2 + TimeSpan.FromSeconds(1));
        Assert.Equal(2, SegmentCount());

        _time.Advance(Delay / 2);
        Assert.Equal(1, SegmentCount());

        await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document("c", "shared third")], Ct);
        Assert.Equal(2, SegmentCount());
        _time.Advance(Delay);
        Assert.Equal(1, SegmentCount());
        Assert.Equal(3, await SearchTotalAsync());
    }

    [Fact]
    public async Task A_small_write_to_a_small_index_is_merged_and_to_a_large_one_waits_for_more_before_the_whole_index_is_rewritten()
    {
        var small = Path.Combine(_root, "small");
        var large = Path.Combine(_root, "large");
        // Indexes above 0 bytes count as large here: the default (64 MB) is too big for a test.
        using var smallIndex = new LuceneFullTextIndex(small, Delay, _time);
        using var largeIndex = new LuceneFullTextIndex(large, Delay, _time, idleMergeAlwaysBytes: 0);
        var batch = Enumerable.Range(0, 200).Select(i => Document($"big{i}", string.Join(' ', Enumerable.Repeat($"shared filler text number {i}", 40)))).ToList();
        foreach (var index in new[] { smallIndex, largeIndex })
        {
            await index.IndexAsync(FullTextIndexName.Knowledge, batch, Ct);
            await index.IndexAsync(FullTextIndexName.Knowledge, [Document("small", "shared tiny")], Ct);
        }

        _time.Advance(Delay);

        Assert.Equal(1, SegmentCount(small));
        Assert.Equal(2, SegmentCount(large));
        var many = Enumerable.Range(0, 40).Select(i => Document($"more{i}", string.Join(' ', Enumerable.Repeat($"shared more text number {i}", 40)))).ToList();
        await largeIndex.IndexAsync(FullTextIndexName.Knowledge, many, Ct);
        _time.Advance(Delay);
        Assert.Equal(1, SegmentCount(large));
    }

    [Fact]
    public async Task Deletes_are_merged_away_and_deleted_documents_stay_gone()
    {
        await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document("keep", "shared kept"), Document("drop", "shared dropped")], Ct);
        await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document("other", "shared other")], Ct);
        await _writer.DeleteAsync(FullTextIndexName.Knowledge, Tenant, ["drop"], Ct);

        _time.Advance(Delay);

        Assert.Equal(1, SegmentCount());
        var ids = (await _reader.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(Tenant, "shared", new SearchFilter(), Limit: 10, Fuzzy: false), Ct))
            .Hits.Select(h => h.Document.Id).Order().ToList();
        Assert.Equal(["keep", "other"], ids);
        using var directory = FSDirectory.Open(Path.Combine(_root, "knowledge"));
        using var merged = DirectoryReader.Open(directory);
        Assert.Equal(0, merged.NumDeletedDocs);
    }

    [Fact]
    public async Task Without_a_delay_the_index_is_never_merged_and_a_disposed_index_ignores_its_pending_merge()
    {
        using (var unmerged = new LuceneFullTextIndex(Path.Combine(_root, "never"), TimeSpan.Zero, _time))
        {
            await unmerged.IndexAsync(FullTextIndexName.Knowledge, [Document("a", "one")], Ct);
            await unmerged.IndexAsync(FullTextIndexName.Knowledge, [Document("b", "two")], Ct);
            _time.Advance(Delay * 2);
            Assert.Equal(2, SegmentCount(Path.Combine(_root, "never")));
        }

        await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document("a", "one")], Ct);
        await _writer.IndexAsync(FullTextIndexName.Knowledge, [Document("b", "two")], Ct);
        _writer.Dispose();
        _time.Advance(Delay);

        Assert.Equal(2, SegmentCount());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
        if (System.IO.Directory.Exists(_root)) System.IO.Directory.Delete(_root, recursive: true);
    }

    private const string Tenant = "t-merge";

    private async Task<long> SearchTotalAsync() =>
        (await _reader.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery(Tenant, "shared", new SearchFilter(), Limit: 1, Fuzzy: false, Highlight: false), Ct)).Total;

    private int SegmentCount(string? root = null)
    {
        using var directory = FSDirectory.Open(Path.Combine(root ?? _root, "knowledge"));
        var segments = new SegmentInfos();
        segments.Read(directory);
        return segments.Count;
    }

    private static FullTextDocument Document(string id, string content) => new()
    {
        Id = id, TenantId = Tenant, Title = "title " + id, Content = content, CreatedAt = new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero),
    };
}
