using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Concurrency;
using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>IVectorIndex on Chroma: one cosine-space collection per platform tenant, named <c>kb_&lt;tenant&gt;</c>.
/// Chunk metadata: entryId, chunkIndex, title (the entry's), category, agentId (when the entry belongs to an agent), tags (JSON array text),
/// one <c>tag:&lt;name&gt;</c> = true key per tag (Chroma metadata values are scalars, so "has tag X" is an equality
/// filter) and createdAt (unix seconds with millisecond fraction, for range filters). Hits carry no embedding (it is
/// not fetched back). <see cref="SearchFilter.AgentId"/> keeps the chunks of that agent's entries; knowledge has no
/// session or user, so <see cref="SearchFilter.SessionId"/> and <see cref="SearchFilter.UserId"/> do not narrow vector queries.</summary>
public sealed class ChromaVectorIndex : IVectorIndex
{
    /// <summary>The integration's spans: one per index operation on a tenant's collection, above its HTTP calls.</summary>
    public static readonly StoreActivitySource Activities = new("AgentPlatform.Stores.Vectors.Chroma", "chroma");

    internal const string EntryIdKey = "entryId";
    internal const string ChunkIndexKey = "chunkIndex";
    internal const string TitleKey = "title";
    internal const string CategoryKey = "category";
    internal const string AgentIdKey = "agentId";
    internal const string SessionIdKey = "sessionId";
    internal const string UserIdKey = "userId";
    internal const string TagsKey = "tags";
    internal const string CreatedAtKey = "createdAt";
    internal const string TagKeyPrefix = "tag:";

    internal const string EmbeddingModelKey = "embedding_model";
    /// <summary>Entries per delete request: bounds the size of the $or filter Chroma has to parse and plan.</summary>
    private const int MaxClausesPerDelete = 100;
    private static readonly IReadOnlyList<ChromaInclude> HitFields = [ChromaInclude.Documents, ChromaInclude.Metadatas, ChromaInclude.Distances];
    /// <summary>Ids and distances only: Chroma reads each hit's metadata row by row, which costs it more than the search.</summary>
    private static readonly IReadOnlyList<ChromaInclude> MatchFields = [ChromaInclude.Distances];

    private readonly ConcurrentDictionary<string, ChromaCollection> _collections = new();
    private readonly RequestBatcher<QueryKey, QueryEmbedding, QueryAnswer> _queries;
    private readonly ChromaClient _client;
    private readonly ChromaVectorIndexOptions _options;
    private int _batchSize;

    public ChromaVectorIndex(ChromaClient client, ChromaVectorIndexOptions options)
    {
        _client = client;
        _options = options;
        _queries = new(QueryBatchAsync, options.MaxQueriesPerRequest, options.MaxConcurrentQueries);
    }

    public async Task UpsertAsync(string tenantId, IReadOnlyList<VectorRecord> records, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        if (records.Count == 0)
            return;
        var batchSize = await GetBatchSizeAsync(ct);
        foreach (var batch in records.Chunk(batchSize))
        {
            var payload = new ChromaRecords
            {
                Ids = [.. batch.Select(r => r.Id)],
                Embeddings = [.. batch.Select(r => r.Embedding)],
                Documents = [.. batch.Select(r => (string?)r.Text)],
                Metadatas = [.. batch.Select(r => (JsonObject?)ToMetadata(r))],
            };
            await WithCollectionAsync(tenantId, create: true, c => _client.UpsertAsync(c, payload, ct), ct);
        }
    }

    public Task DeleteEntryAsync(string tenantId, Guid entryId, CancellationToken ct) =>
        DeleteWhereAsync(tenantId, EntryIs(entryId), ct);

    public async Task DeleteChunksFromAsync(string tenantId, IReadOnlyList<(Guid EntryId, int FromChunk)> entries, CancellationToken ct)
    {
        // One delete request for the whole list: per-entry requests cost Chroma a metadata scan each.
        // Chunk yields no empty batch, so Any always has a clause to return.
        foreach (var batch in entries.Chunk(MaxClausesPerDelete))
            await DeleteWhereAsync(tenantId, ChromaWhere.Any(batch.Select(e => ChromaWhere.All([EntryIs(e.EntryId), ChromaWhere.Gte(ChunkIndexKey, e.FromChunk)])!))!, ct);
    }

    /// <summary>Queries of one tenant, depth, filter and answer shape that wait while <see cref="ChromaVectorIndexOptions.MaxConcurrentQueries"/>
    /// of theirs run are sent together, as one request with several query embeddings.</summary>
    public async Task<IReadOnlyList<VectorHit>> QueryAsync(string tenantId, ReadOnlyMemory<float> embedding, int topK, SearchFilter filter, CancellationToken ct) =>
        await RunQueryAsync(tenantId, embedding, topK, filter, withRecords: true, ct) is { Result: { } result } answer ? Hits(result, answer.Query) : [];

    /// <summary>As <see cref="QueryAsync"/>; a hit whose id is not an "entryId:n" chunk id is left out.</summary>
    public async Task<IReadOnlyList<VectorMatch>> MatchAsync(string tenantId, ReadOnlyMemory<float> embedding, int topK, SearchFilter filter, CancellationToken ct) =>
        await RunQueryAsync(tenantId, embedding, topK, filter, withRecords: false, ct) is { Result: { } result } answer ? Matches(result, answer.Query) : [];

    private Task<QueryAnswer> RunQueryAsync(string tenantId, ReadOnlyMemory<float> embedding, int topK, SearchFilter filter, bool withRecords, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        if (topK <= 0)
            return Task.FromResult(default(QueryAnswer));
        var where = ToWhere(filter);
        return _queries.RunAsync(new QueryKey(tenantId, topK, where?.ToJsonString(), withRecords), new QueryEmbedding(embedding, where), ct);
    }

    private async Task<IReadOnlyList<QueryAnswer>> QueryBatchAsync(QueryKey key, IReadOnlyList<QueryEmbedding> queries, CancellationToken ct)
    {
        // Every query of a batch has the key's filter.
        var request = new ChromaQueryRequest
        {
            QueryEmbeddings = [.. queries.Select(q => q.Embedding)], NResults = key.TopK, Where = queries[0].Where,
            Include = key.WithRecords ? HitFields : MatchFields,
        };
        var result = await WithCollectionAsync(key.TenantId, create: false,
            async c => (ChromaQueryResult?)await _client.QueryAsync(c, request, ct), whenMissing: null, ct, key.WithRecords ? nameof(QueryAsync) : nameof(MatchAsync));
        var answers = new QueryAnswer[queries.Count];
        for (var q = 0; q < answers.Length; q++)
            answers[q] = result is null || q >= result.Ids.Count ? default : new QueryAnswer(result, q);
        return answers;
    }

    private static List<VectorMatch> Matches(ChromaQueryResult result, int query)
    {
        var ids = result.Ids[query];
        var matches = new List<VectorMatch>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (VectorRecord.TryParseChunkId(ids[i], out var entryId, out var chunkIndex))
                matches.Add(new VectorMatch(entryId, chunkIndex, 1 - (result.Distances?[query][i] ?? 1)));
        }
        return matches;
    }

    private static List<VectorHit> Hits(ChromaQueryResult result, int query)
    {
        var ids = result.Ids[query];
        var hits = new List<VectorHit>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            // While a delete runs, Chroma can answer with a record whose metadata is already gone: that chunk is
            // leaving, so it is no hit, and the query goes on with the others.
            if (FromChroma(ids[i], result.Documents?[query][i], result.Metadatas?[query][i]) is { } record)
                hits.Add(new VectorHit(record, 1 - (result.Distances?[query][i] ?? 1)));
        }
        return hits;
    }

    public Task<long> CountAsync(string tenantId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return WithCollectionAsync(tenantId, create: false, c => _client.CountAsync(c, ct), whenMissing: 0L, ct);
    }

    /// <summary>A collection that resolves always holds vectors of this index's model (any other is refused), so that
    /// model is the collection's.</summary>
    public async Task<VectorCollectionStats> StatsAsync(string tenantId, CancellationToken ct) =>
        new(CollectionName(TenantIds.Require(tenantId)), await CountAsync(tenantId, ct), _options.EmbeddingModel);

    /// <summary>Chroma names are 3-512 of [a-zA-Z0-9._-] and must start and end with a letter or digit. The prefix
    /// covers the length and the start; a tenant id ending in '-' or '_' gets ".t" appended, which cannot collide
    /// with another tenant because tenant ids never contain '.'. A model other than the default one adds "." and
    /// its id ("kb_acme.snowflake-arctic-embed-xs"); model ids end with a letter or digit.</summary>
    internal string CollectionName(string tenantId) => CollectionName(_options.CollectionPrefix, tenantId, _options.EmbeddingModel);

    internal static string CollectionName(string prefix, string tenantId, string vectorSpace = ChromaVectorIndexOptions.DefaultEmbeddingModel)
    {
        var name = char.IsAsciiLetterOrDigit(tenantId[^1]) ? $"{prefix}{tenantId}" : $"{prefix}{tenantId}.t";
        return vectorSpace == ChromaVectorIndexOptions.DefaultEmbeddingModel ? name : $"{name}.{vectorSpace[..vectorSpace.LastIndexOf('/')]}";
    }

    internal static string TagKey(string tag) => TagKeyPrefix + tag;

    internal static ChromaWhere? ToWhere(SearchFilter filter)
    {
        var clauses = new List<ChromaWhere>();
        if (!string.IsNullOrEmpty(filter.Category))
            clauses.Add(ChromaWhere.Eq(CategoryKey, filter.Category));
        if (!string.IsNullOrEmpty(filter.AgentId))
            clauses.Add(ChromaWhere.Eq(AgentIdKey, filter.AgentId));
        if (!string.IsNullOrEmpty(filter.SessionId))
            clauses.Add(ChromaWhere.Eq(SessionIdKey, filter.SessionId));
        if (!string.IsNullOrEmpty(filter.UserId))
            clauses.Add(ChromaWhere.Eq(UserIdKey, filter.UserId));
        var tagClauses = filter.Tags.Select(tag => ChromaWhere.Eq(TagKey(tag), true));
        if (filter.MatchAnyTag)
        {
            if (ChromaWhere.Any(tagClauses) is { } anyTag)
                clauses.Add(anyTag);
        }
        else
        {
            clauses.AddRange(tagClauses);
        }
        if (filter.From is { } from)
            clauses.Add(ChromaWhere.Gte(CreatedAtKey, UnixSeconds(from)));
        if (filter.To is { } to)
            clauses.Add(ChromaWhere.Lt(CreatedAtKey, UnixSeconds(to))); // exclusive, like the full-text and relational filters
        return ChromaWhere.All(clauses);
    }

    internal static JsonObject ToMetadata(VectorRecord record)
    {
        var metadata = new JsonObject
        {
            [EntryIdKey] = EntryIdText(record.EntryId),
            [ChunkIndexKey] = record.ChunkIndex,
            [TagsKey] = JsonSerializer.Serialize(record.Tags, ChromaJsonContext.Default.IReadOnlyListString),
            [CreatedAtKey] = UnixSeconds(record.CreatedAt),
        };
        if (record.Title is not null)
            metadata[TitleKey] = record.Title;
        if (record.Category is not null)
            metadata[CategoryKey] = record.Category;
        if (record.AgentId is not null)
            metadata[AgentIdKey] = record.AgentId;
        if (record.SessionId is not null)
            metadata[SessionIdKey] = record.SessionId;
        if (record.UserId is not null)
            metadata[UserIdKey] = record.UserId;
        foreach (var tag in record.Tags)
            metadata[TagKey(tag)] = true;
        return metadata;
    }

    /// <summary>The record as this index wrote it; null for one without the metadata every chunk carries (entry,
    /// chunk index, creation time), or with it in another form.</summary>
    private static VectorRecord? FromChroma(string id, string? document, JsonObject? metadata)
    {
        if (metadata?[EntryIdKey] is not JsonValue entryId || !entryId.TryGetValue<string>(out var entryText) || !Guid.TryParse(entryText, out var entry)
            || metadata[ChunkIndexKey] is not JsonValue chunk || !chunk.TryGetValue<int>(out var chunkIndex)
            || metadata[CreatedAtKey] is not JsonValue created || !created.TryGetValue<double>(out var createdAt))
            return null;
        return new VectorRecord
        {
            Id = id,
            EntryId = entry,
            ChunkIndex = chunkIndex,
            Text = document ?? "",
            Title = metadata[TitleKey]?.GetValue<string>(),
            Embedding = ReadOnlyMemory<float>.Empty,
            Category = metadata[CategoryKey]?.GetValue<string>(),
            AgentId = metadata[AgentIdKey]?.GetValue<string>(),
            SessionId = metadata[SessionIdKey]?.GetValue<string>(),
            UserId = metadata[UserIdKey]?.GetValue<string>(),
            Tags = metadata[TagsKey]?.GetValue<string>() is { } tags
                ? JsonSerializer.Deserialize(tags, ChromaJsonContext.Default.IReadOnlyListString) ?? []
                : [],
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(createdAt * 1000)),
        };
    }

    private static string EntryIdText(Guid entryId) => entryId.ToString("N");

    private static ChromaWhere EntryIs(Guid entryId) => ChromaWhere.Eq(EntryIdKey, EntryIdText(entryId));

    /// <summary>Unix seconds with the millisecond fraction, so a record's time survives the round trip.</summary>
    private static double UnixSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000d;

    private Task DeleteWhereAsync(string tenantId, ChromaWhere where, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return WithCollectionAsync(tenantId, create: false, c => _client.DeleteAsync(c, new ChromaDeleteRequest { Where = where }, ct), ct);
    }

    private async ValueTask<int> GetBatchSizeAsync(CancellationToken ct)
    {
        if (_batchSize > 0)
            return _batchSize;
        var checks = await _client.GetPreFlightChecksAsync(ct);
        return _batchSize = Math.Max(1, checks.MaxBatchSize > 0 ? Math.Min(checks.MaxBatchSize, _options.MaxBatchSize) : _options.MaxBatchSize);
    }

    private Task WithCollectionAsync(string tenantId, bool create, Func<ChromaCollection, Task> action, CancellationToken ct,
        [CallerMemberName] string operation = "") =>
        WithCollectionAsync(tenantId, create, async c => { await action(c); return true; }, whenMissing: false, ct, operation);

    /// <summary>Runs an operation on the tenant's collection. Without <paramref name="create"/>, a tenant that has no
    /// collection yet yields <paramref name="whenMissing"/>. A cached collection that has disappeared (404, e.g.
    /// deleted and recreated by another process) is resolved again once.</summary>
    private async Task<T> WithCollectionAsync<T>(string tenantId, bool create, Func<ChromaCollection, Task<T>> action, T whenMissing, CancellationToken ct,
        [CallerMemberName] string operation = "")
    {
        using var activity = Activities.StartActivity(operation, CollectionName(tenantId));
        for (var attempt = 1; ; attempt++)
        {
            var collection = await ResolveAsync(tenantId, create, ct);
            if (collection is null)
                return whenMissing;
            try
            {
                return await action(collection);
            }
            catch (ChromaException ex) when (ex.StatusCode == HttpStatusCode.NotFound && attempt == 1)
            {
                _collections.TryRemove(KeyValuePair.Create(tenantId, collection));
            }
        }
    }

    private async Task<ChromaCollection?> ResolveAsync(string tenantId, bool create, CancellationToken ct)
    {
        if (_collections.TryGetValue(tenantId, out var cached))
            return cached;
        var name = CollectionName(tenantId);
        var collection = create
            ? await _client.GetOrCreateCollectionAsync(_options.ChromaDatabase, name,
                new ChromaHnswConfiguration { Space = ChromaSpace.Cosine, EfSearch = _options.SearchEf },
                new JsonObject { [EmbeddingModelKey] = _options.EmbeddingModel }, ct)
            : await _client.GetCollectionAsync(_options.ChromaDatabase, name, ct);
        if (collection is null)
            return null;
        if (collection.Configuration?.Hnsw?.Space is { } space && space != ChromaSpace.Cosine)
            throw new InvalidOperationException($"Chroma collection '{name}' uses {space} distance; similarity scores need cosine. Recreate it (reindex).");
        if (collection.Metadata?[EmbeddingModelKey]?.GetValue<string>() is { } model && model != _options.EmbeddingModel)
            throw new InvalidOperationException(
                $"Chroma collection '{name}' holds vectors of model '{model}', not of '{_options.EmbeddingModel}'.");
        if (collection.Configuration?.Hnsw?.EfSearch is { } efSearch && efSearch != _options.SearchEf)
            await _client.ModifyConfigurationAsync(collection, new ChromaHnswConfiguration { EfSearch = _options.SearchEf }, ct);
        _collections[tenantId] = collection;
        return collection;
    }

    /// <summary>What the queries of one request must share.</summary>
    private readonly record struct QueryKey(string TenantId, int TopK, string? Where, bool WithRecords);

    /// <summary>One query's answers within its batch's result: Result is null when the tenant has no collection.</summary>
    private readonly record struct QueryAnswer(ChromaQueryResult? Result, int Query);

    private readonly record struct QueryEmbedding(ReadOnlyMemory<float> Embedding, ChromaWhere? Where);
}
