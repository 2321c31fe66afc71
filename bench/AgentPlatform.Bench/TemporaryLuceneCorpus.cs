using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;

namespace AgentPlatform.Bench;

/// <summary>A BEIR corpus written through the platform's Lucene adapter into a temporary directory, as the worker would
/// write it (title and content of <see cref="CorpusIngestion.ToEntry"/>), for in-process full-text benchmarks; the
/// directory is deleted on dispose.</summary>
internal sealed class TemporaryLuceneCorpus : IDisposable
{
    public const string Tenant = "bench";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"agentplatform-fulltext-{Guid.NewGuid():N}");

    private TemporaryLuceneCorpus() => Index = new LuceneFullTextIndex(_directory);

    public LuceneFullTextIndex Index { get; }

    public static async Task<TemporaryLuceneCorpus> CreateAsync(BeirDataset dataset, IReadOnlyList<BeirDocument> documents, CancellationToken ct)
    {
        var corpus = new TemporaryLuceneCorpus();
        try
        {
            await corpus.Index.EnsureCreatedAsync(ct);
            var created = DateTimeOffset.UtcNow;
            foreach (var batch in documents.Chunk(1000))
            {
                await corpus.Index.IndexAsync(FullTextIndexName.Knowledge, [.. batch.Select(d =>
                {
                    var entry = CorpusIngestion.ToEntry(d, dataset.Name);
                    return new FullTextDocument { Id = d.Id, TenantId = Tenant, Title = entry.Title!, Content = entry.Content!, Category = entry.Category, CreatedAt = created };
                })], ct);
            }
            return corpus;
        }
        catch
        {
            corpus.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Index.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
