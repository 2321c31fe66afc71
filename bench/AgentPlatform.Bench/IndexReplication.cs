using System.Globalization;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Bench;

/// <summary>
/// A larger search index for the latency benchmark, made from an ingested one without embedding again (which on a
/// 2-core machine would take hours per copy): the data directory is copied, then every entry's projections (its chunks
/// in Chroma, its full-text document, its knowledge document) are written K-1 more times under new entry ids through
/// the storage adapters, with "(copy k)" appended to the title and each chunk vector nudged by a little Gaussian noise
/// (renormalised; cosine to the original about 0.995) so the HNSW graph holds K distinct points, not K identical ones.
/// The copies exist only in the search projections, not in the relational record: the directory is for measuring
/// search, nothing else.
/// </summary>
internal static class IndexReplication
{
    private const string CompleteMarker = "replication-complete.txt";
    private const int ChromaPageSize = 1000;
    private const int WriteBatchEntries = 200;
    private const float NoiseScale = 0.1f;

    /// <summary>A chunk as the worker stored it in Chroma: its text and its vector.</summary>
    internal sealed record StoredChunk(Guid EntryId, int ChunkIndex, string Text, float[] Embedding);

    /// <summary>The replicated directory for <paramref name="copies"/> copies of <paramref name="sourceDirectory"/>,
    /// built on first use (<c>&lt;source&gt;-x&lt;copies&gt;</c>) and re-used afterwards.</summary>
    public static async Task<string> EnsureReplicatedAsync(string sourceDirectory, int copies, CancellationToken ct)
    {
        string source = Path.GetFullPath(sourceDirectory).TrimEnd(Path.DirectorySeparatorChar);
        string target = $"{source}-x{copies}";
        if (File.Exists(Path.Combine(target, CompleteMarker)))
            return target;
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        Console.WriteLine($"Replicating {source} x{copies} into {target} (projections only, no embedding)...");
        CopyDirectory(source, target);

        await using LocalStack stack = LocalStack.Open(target);
        await stack.StartChromaAsync(ct);
        using IHost host = await stack.OpenSearchStoresAsync(ct);

        IReadOnlyList<StoredChunk> chunks = await ReadChunksAsync(host.Services.GetRequiredService<ChromaClient>(),
            host.Services.GetRequiredService<ChromaVectorIndexOptions>(), ct);
        var documents = host.Services.GetRequiredService<IKnowledgeDocumentStore>();
        var originals = new List<(KnowledgeDocument Document, StoredChunk[] Chunks)>();
        foreach (IGrouping<Guid, StoredChunk>[] entries in chunks.GroupBy(c => c.EntryId).Chunk(IKnowledgeDocumentStore.MaxEntriesPerGet))
        {
            var found = (await documents.GetManyAsync(LocalStack.TenantId, [.. entries.Select(e => e.Key)], ct)).ToDictionary(d => d.EntryId);
            foreach (IGrouping<Guid, StoredChunk> entry in entries)
            {
                if (found.TryGetValue(entry.Key, out var document))
                    originals.Add((document, [.. entry.OrderBy(c => c.ChunkIndex)]));
            }
        }
        Console.WriteLine($"  {originals.Count} entries, {chunks.Count} chunks to copy {copies - 1} times.");

        var vectors = host.Services.GetRequiredService<IVectorIndex>();
        var fullText = host.Services.GetRequiredService<IFullTextIndex>();
        var random = new Random(20261125);
        using var progress = new ProgressLine("entries copied", originals.Count * (copies - 1));
        int done = 0;
        for (int copy = 2; copy <= copies; copy++)
        {
            foreach (var batch in originals.Chunk(WriteBatchEntries))
            {
                var replicas = batch.Select(o => (Document: Replicate(o.Document, copy), o.Chunks)).ToList();
                await vectors.UpsertAsync(LocalStack.TenantId, [.. replicas.SelectMany(r => r.Chunks.Select(c => ToVectorRecord(r.Document, c, random)))], ct);
                await fullText.IndexAsync(FullTextIndexName.Knowledge, [.. replicas.Select(r => ToFullTextDocument(r.Document))], ct);
                foreach (var replica in replicas)
                    await documents.UpsertAsync([replica.Document], ct);
                progress.Report(done += batch.Length);
            }
        }
        await File.WriteAllTextAsync(Path.Combine(target, CompleteMarker),
            $"{copies} copies of {source}: {originals.Count * copies} entries, {chunks.Count * copies} chunks, {DateTimeOffset.UtcNow:O}\n", ct);
        return target;
    }

    /// <summary>Every chunk of the benchmark tenant's knowledge collection, with text and vector.</summary>
    internal static async Task<IReadOnlyList<StoredChunk>> ReadChunksAsync(ChromaClient chroma, ChromaVectorIndexOptions options, CancellationToken ct)
    {
        // The adapter's collection per tenant: kb_<tenant> (ChromaVectorIndex.CollectionName, for tenants ending in a letter or digit).
        ChromaCollection collection = await chroma.GetCollectionAsync(options.ChromaDatabase, "kb_" + LocalStack.TenantId, ct)
            ?? throw new UsageException("The data directory's Chroma has no collection for the benchmark tenant: ingest first.");
        var chunks = new List<StoredChunk>();
        while (true)
        {
            ChromaGetResult page = await chroma.GetAsync(collection, new ChromaGetRequest
            {
                Include = [ChromaInclude.Documents, ChromaInclude.Embeddings],
                Limit = ChromaPageSize,
                Offset = chunks.Count,
            }, ct);
            for (int i = 0; i < page.Ids.Count; i++)
            {
                // Chunk ids are VectorRecord.ChunkId: "<entry id, 32 hex digits>:<chunk index>".
                string[] parts = page.Ids[i].Split(':');
                chunks.Add(new StoredChunk(Guid.ParseExact(parts[0], "N"), int.Parse(parts[1], CultureInfo.InvariantCulture),
                    page.Documents?[i] ?? "", page.Embeddings?[i] ?? throw new InvalidDataException("Chroma returned no embeddings.")));
            }
            if (page.Ids.Count < ChromaPageSize)
                return chunks;
        }
    }

    private static KnowledgeDocument Replicate(KnowledgeDocument original, int copy) => original with
    {
        EntryId = Guid.CreateVersion7(original.CreatedAt),
        Title = $"{original.Title} (copy {copy})",
    };

    private static VectorRecord ToVectorRecord(KnowledgeDocument document, StoredChunk chunk, Random random) => new()
    {
        Id = VectorRecord.ChunkId(document.EntryId, chunk.ChunkIndex),
        EntryId = document.EntryId,
        ChunkIndex = chunk.ChunkIndex,
        Text = chunk.Text,
        Title = document.Title,
        Embedding = Jitter(chunk.Embedding, random),
        Category = document.Category,
        Tags = document.Tags,
        AgentId = document.AgentId,
        CreatedAt = document.CreatedAt,
    };

    private static FullTextDocument ToFullTextDocument(KnowledgeDocument document) => new()
    {
        Id = document.EntryId.ToString(),
        TenantId = document.TenantId,
        Title = document.Title,
        Content = document.Content,
        Category = document.Category,
        Tags = document.Tags,
        AgentId = document.AgentId,
        CreatedAt = document.CreatedAt,
    };

    /// <summary>v + noise (each component N(0, NoiseScale²/dimensions)), renormalised to unit length.</summary>
    private static float[] Jitter(float[] vector, Random random)
    {
        var result = new float[vector.Length];
        float sigma = NoiseScale / MathF.Sqrt(vector.Length);
        for (int i = 0; i < vector.Length; i++)
            result[i] = vector[i] + sigma * (float)random.NextGaussian();
        float norm = MathF.Sqrt(result.Sum(x => x * x));
        for (int i = 0; i < result.Length; i++)
            result[i] /= norm;
        return result;
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (string directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (!file.StartsWith(Path.Combine(source, "logs"), StringComparison.Ordinal))
                File.Copy(file, file.Replace(source, target, StringComparison.Ordinal));
        }
    }
}

internal static class RandomExtensions
{
    /// <summary>A standard normal sample (Box-Muller).</summary>
    public static double NextGaussian(this Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
