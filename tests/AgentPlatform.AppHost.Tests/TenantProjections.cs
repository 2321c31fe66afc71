using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.AppHost.Tests;

/// <summary>What each projection of the local backend holds for one tenant, read from the stores themselves rather
/// than through the services: the tenant's Chroma collection over Chroma's HTTP API, the Lucene directory and the
/// documents SQLite file under the stack's data directory (both opened for reading only, beside the running worker).</summary>
internal sealed record TenantProjections(
    IReadOnlyList<string> ChunkIds,
    IReadOnlyList<Guid> FullTextIds,
    long FullTextTotal,
    IReadOnlyList<(Guid EntryId, int Chunks)> Documents)
{
    private const int ChromaPage = 1000;

    /// <summary>The chunk ids the documents store says each entry has ("entryId:n" for n below its chunk count).</summary>
    public IEnumerable<string> ExpectedChunkIds =>
        Documents.SelectMany(d => Enumerable.Range(0, d.Chunks).Select(n => VectorRecord.ChunkId(d.EntryId, n)));

    public string Describe() =>
        $"Chroma {ChunkIds.Count} chunks ({ChunkIds.Distinct().Count()} distinct ids), full text {FullTextTotal} documents " +
        $"({FullTextIds.Distinct().Count()} distinct), documents store {Documents.Count} ({Documents.Sum(d => d.Chunks)} chunks)";

    public static async Task<TenantProjections> ReadAsync(StackFixture stack, string tenant, CancellationToken ct)
    {
        var (fullTextIds, fullTextTotal) = await ReadFullTextAsync(stack.DataDirectory, tenant, ct);
        return new TenantProjections(
            await ReadChunkIdsAsync(stack.App.GetEndpoint("chroma", "http"), tenant, ct),
            fullTextIds,
            fullTextTotal,
            await ReadDocumentsAsync(stack.DataDirectory, tenant, ct));
    }

    /// <summary>Every id in the tenant's collection (ChromaVectorIndex names it kb_&lt;tenant&gt;), page by page.</summary>
    private static async Task<IReadOnlyList<string>> ReadChunkIdsAsync(Uri chroma, string tenant, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = chroma };
        var client = new ChromaClient(http);
        var collection = await client.GetCollectionAsync(new ChromaVectorIndexOptions().ChromaDatabase, "kb_" + tenant, ct);
        if (collection is null) return [];
        var ids = new List<string>();
        while (true)
        {
            var page = await client.GetAsync(collection, new ChromaGetRequest { Include = [], Limit = ChromaPage, Offset = ids.Count }, ct);
            ids.AddRange(page.Ids);
            if (page.Ids.Count < ChromaPage) return ids;
        }
    }

    /// <summary>The tenant's knowledge documents in the Lucene index, through the platform's own adapter (the process
    /// that reads needs no write lock), listed page by page.</summary>
    private static async Task<(IReadOnlyList<Guid> Ids, long Total)> ReadFullTextAsync(string dataDirectory, string tenant, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentPlatform:Backend"] = nameof(StorageBackend.Local),
            [$"ConnectionStrings:{StoreNames.FullText}"] = Path.Combine(dataDirectory, "lucene"),
        });
        builder.AddFullTextStore(StoreNames.FullText);
        using var host = builder.Build();
        var fullText = host.Services.GetRequiredService<IFullTextIndex>();
        var ids = new List<Guid>();
        long total;
        do
        {
            var page = await fullText.SearchAsync(FullTextIndexName.Knowledge,
                new FullTextQuery(tenant, "", new SearchFilter(), Offset: ids.Count, Limit: PageRequest.MaxLimit, Highlight: false), ct);
            total = page.Total;
            ids.AddRange(page.Hits.Select(h => Guid.Parse(h.Document.Id)));
            if (page.Hits.Count == 0) break;
        } while (ids.Count < total);
        return (ids, total);
    }

    /// <summary>Every knowledge document row of the tenant with the length of its chunk list.</summary>
    private static async Task<IReadOnlyList<(Guid, int)>> ReadDocumentsAsync(string dataDirectory, string tenant, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "documents.db")};Mode=ReadOnly");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT entry_id, json_array_length(chunks) FROM knowledge_documents WHERE tenant_id = $tenant";
        command.Parameters.AddWithValue("$tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var documents = new List<(Guid, int)>();
        while (await reader.ReadAsync(ct))
            documents.Add((Guid.Parse(reader.GetString(0)), reader.GetInt32(1)));
        return documents;
    }
}
