using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>IVectorCollections on Chroma: an index per vector space and kind (<see cref="ChromaVectorIndex"/>, its
/// collections named for the model), and the tenants' model states as records of one small collection,
/// <c>vector_models</c> (id = tenant id, the state as the JSON document, a one-float placeholder vector): a record
/// upsert is atomic, so saving a state is the switch, and every process reads the same one.</summary>
public sealed class ChromaVectorCollections(ChromaClient client, ChromaVectorIndexOptions options) : IVectorCollections
{
    internal const string StatesCollection = "vector_models";
    private static readonly ReadOnlyMemory<float> Placeholder = new[] { 1f };
    private static readonly string[] Prefixes = [ChromaVectorIndexOptions.KnowledgePrefix, ChromaVectorIndexOptions.MemoryPrefix];

    private readonly ConcurrentDictionary<(string Prefix, string Space), ChromaVectorIndex> _indexes = new();
    private ChromaCollection? _states;

    public IVectorIndex Knowledge(string vectorSpace) => Index(ChromaVectorIndexOptions.KnowledgePrefix, vectorSpace);

    public IVectorIndex Memory(string vectorSpace) => Index(ChromaVectorIndexOptions.MemoryPrefix, vectorSpace);

    public async Task DropAsync(string tenantId, string vectorSpace, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        foreach (var prefix in Prefixes)
        {
            try
            {
                await client.DeleteCollectionAsync(options.ChromaDatabase, ChromaVectorIndex.CollectionName(prefix, tenantId, vectorSpace), ct);
            }
            catch (ChromaException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone (a repeated drop after a crash).
            }
        }
    }

    public async Task<VectorModelState?> GetStateAsync(string tenantId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        var result = await client.GetAsync(await StatesAsync(ct), new ChromaGetRequest { Ids = [tenantId], Include = [ChromaInclude.Documents] }, ct);
        if (result.Ids.Count > 0 && result.Documents?[0] is { } json)
            return JsonSerializer.Deserialize(json, ChromaJsonContext.Default.VectorModelState);
        // Collections made before states were saved hold the default model's vectors under the names they had then.
        foreach (var prefix in Prefixes)
        {
            if (await client.GetCollectionAsync(options.ChromaDatabase, ChromaVectorIndex.CollectionName(prefix, tenantId), ct) is not null)
                return new VectorModelState { Active = ChromaVectorIndexOptions.DefaultEmbeddingModel };
        }
        return null;
    }

    public async Task SaveStateAsync(string tenantId, VectorModelState state, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        var record = new ChromaRecords
        {
            Ids = [tenantId],
            Embeddings = [Placeholder],
            Documents = [JsonSerializer.Serialize(state, ChromaJsonContext.Default.VectorModelState)],
        };
        await client.UpsertAsync(await StatesAsync(ct), record, ct);
    }

    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct)
    {
        const int pageSize = 1000;
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        var states = await StatesAsync(ct);
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await client.GetAsync(states, new ChromaGetRequest { Include = [], Limit = pageSize, Offset = offset }, ct);
            tenants.UnionWith(page.Ids);
            if (page.Ids.Count < pageSize)
                break;
        }
        foreach (var name in await client.ListCollectionNamesAsync(options.ChromaDatabase, ct))
        {
            if (LegacyTenant(name) is { } tenant)
                tenants.Add(tenant);
        }
        return [.. tenants];
    }

    /// <summary>The tenant of a collection named the way collections were named before states were saved
    /// ("kb_acme", "mem_x-.t"); null for any other name.</summary>
    internal static string? LegacyTenant(string collectionName)
    {
        var prefix = Prefixes.FirstOrDefault(p => collectionName.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null)
            return null;
        var rest = collectionName[prefix.Length..];
        if (rest.EndsWith(".t", StringComparison.Ordinal))
            rest = rest[..^2];
        return rest.Length == 0 || rest.Contains('.') ? null : rest;
    }

    private ChromaVectorIndex Index(string prefix, string vectorSpace) =>
        _indexes.GetOrAdd((prefix, vectorSpace), key => new ChromaVectorIndex(client, options with { CollectionPrefix = key.Prefix, EmbeddingModel = key.Space }));

    private async Task<ChromaCollection> StatesAsync(CancellationToken ct) =>
        _states ??= await client.GetOrCreateCollectionAsync(options.ChromaDatabase, StatesCollection, ChromaSpace.Cosine, ct);
}
