using AgentPlatform.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Query embeddings of recent searches, kept per tenant and query text up to Search:QueryEmbeddingCacheSize
/// entries: agents repeat their queries, and embedding is the costliest stage of a semantic search. Per tenant, so one
/// tenant's answer time never tells whether another searched the same text. A singleton: the cache outlives requests.</summary>
public sealed class QueryEmbeddings(EmbeddingGenerators generators, IOptions<SearchOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.QueryEmbeddingCacheSize) });

    /// <summary>The query embedded with the model of <paramref name="vectorSpace"/> (the tenant's active one).</summary>
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string tenantId, string vectorSpace, string query, CancellationToken ct)
    {
        var generator = generators.For(vectorSpace);
        if (options.Value.QueryEmbeddingCacheSize == 0)
            return await generator.GenerateVectorAsync(query, EmbeddingInput.Query(), ct);
        var key = (tenantId, vectorSpace, query);
        if (_cache.TryGetValue(key, out ReadOnlyMemory<float> cached))
            return cached;
        var vector = await generator.GenerateVectorAsync(query, EmbeddingInput.Query(), ct);
        // Past the size limit the entry is not kept and the cache compacts itself in the background.
        _cache.Set(key, vector, new MemoryCacheEntryOptions { Size = 1 });
        return vector;
    }

    public void Dispose() => _cache.Dispose();
}
