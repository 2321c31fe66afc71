using AgentPlatform.Domain;
using AgentPlatform.Ports;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>Knowledge documents in knowledge_documents, keyed "tenant:entryId"; text search through the
/// tenant-prefixed text index (title weight 2).</summary>
public sealed class MongoKnowledgeDocumentStore(MongoDocumentDatabase database) : IKnowledgeDocumentStore
{
    private static readonly FilterDefinitionBuilder<MongoKnowledgeDocument> Filter = Builders<MongoKnowledgeDocument>.Filter;

    public Task UpsertAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken ct)
    {
        foreach (var document in documents)
            TenantIds.Require(document.TenantId);
        if (documents.Count == 0)
            return Task.CompletedTask;
        // One round trip: each replacement is independent (unordered), and each is an idempotent upsert by key.
        var writes = documents.Select(d => new ReplaceOneModel<MongoKnowledgeDocument>(EntryFilter(d.TenantId, d.EntryId), MongoKnowledgeDocument.From(d)) { IsUpsert = true });
        return MongoDocumentDatabase.RunAsync(() => database.KnowledgeDocuments.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, ct));
    }

    public Task<IReadOnlyList<KnowledgeDocument>> GetManyAsync(string tenantId, IReadOnlyCollection<Guid> entryIds, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        DocumentStoreRules.ValidateEntriesPerGet(entryIds);
        if (entryIds.Count == 0)
            return Task.FromResult<IReadOnlyList<KnowledgeDocument>>([]);
        return MongoDocumentDatabase.RunAsync<IReadOnlyList<KnowledgeDocument>>(async () =>
        {
            var stored = await database.KnowledgeDocuments.Find(EntriesFilter(tenantId, entryIds)).ToListAsync(ct);
            return [.. stored.Select(d => d.ToDomain())];
        });
    }

    public Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.RunAsync(async () =>
            (await database.KnowledgeDocuments.DeleteOneAsync(EntryFilter(tenantId, entryId), ct)).DeletedCount > 0);
    }

    public Task<IReadOnlyList<DocumentTextHit>> SearchTextAsync(string tenantId, string text, SearchFilter filter, int limit, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        limit = DocumentStoreRules.ValidatedSearchLimit(limit);
        var search = SearchExpression(text);
        if (search is null || !DocumentStoreRules.CanMatchKnowledge(filter))
            return Task.FromResult<IReadOnlyList<DocumentTextHit>>([]);
        return MongoDocumentDatabase.RunAsync<IReadOnlyList<DocumentTextHit>>(async () =>
        {
            var documents = await database.KnowledgeDocuments.Find(TextSearchFilter(tenantId, search, filter))
                .Project<MongoKnowledgeDocument>(ScoreProjection)
                .Sort(ScoreSort)
                .Limit(limit)
                .ToListAsync(ct);
            return documents.ConvertAll(d => new DocumentTextHit(d.ToDomain(), d.TextScore ?? 0));
        });
    }

    /// <summary>The entries' tenant-scoped _ids ($in, served by the _id index), and the tenant.</summary>
    internal static FilterDefinition<MongoKnowledgeDocument> EntriesFilter(string tenantId, IEnumerable<Guid> entryIds) =>
        Filter.In(d => d.Id, entryIds.Select(id => MongoIds.Scoped(tenantId, id))) & Filter.Eq(d => d.TenantId, tenantId);

    internal static FilterDefinition<MongoKnowledgeDocument> EntryFilter(string tenantId, Guid entryId) =>
        Filter.Eq(d => d.Id, MongoIds.Scoped(tenantId, entryId)) & Filter.Eq(d => d.TenantId, tenantId);

    /// <summary>The tenant and the words, then the filter: category and agent exactly, createdAt in [From, To), every tag
    /// ($all) or, with MatchAnyTag, one of them ($in).</summary>
    internal static FilterDefinition<MongoKnowledgeDocument> TextSearchFilter(string tenantId, string search, SearchFilter filter)
    {
        var query = Filter.Eq(d => d.TenantId, tenantId) & Filter.Text(search);
        if (filter.Category is { } category) query &= Filter.Eq(d => d.Category, category);
        if (filter.AgentId is { } agentId) query &= Filter.Eq(d => d.AgentId, agentId);
        if (filter.From is { } from) query &= Filter.Gte(d => d.CreatedAt, MongoTime.ToStored(from));
        if (filter.To is { } to) query &= Filter.Lt(d => d.CreatedAt, MongoTime.ToStored(to));
        if (filter.Tags.Count > 0)
            query &= filter.MatchAnyTag ? Filter.AnyIn(d => d.Tags, filter.Tags) : Filter.All(d => d.Tags, filter.Tags);
        return query;
    }

    /// <summary>Returns the whole document plus its text score in "score".</summary>
    internal static ProjectionDefinition<MongoKnowledgeDocument> ScoreProjection { get; } =
        Builders<MongoKnowledgeDocument>.Projection.MetaTextScore(d => d.TextScore);

    internal static SortDefinition<MongoKnowledgeDocument> ScoreSort { get; } =
        Builders<MongoKnowledgeDocument>.Sort.MetaTextScore("score");

    /// <summary>Turns user text into a $search string of plain words (any may match): words never hold the '"'
    /// or leading '-' that MongoDB reads as phrase and negation. Null when the text holds no word.</summary>
    internal static string? SearchExpression(string text)
    {
        var terms = DocumentStoreRules.SearchTerms(text);
        return terms.Count == 0 ? null : string.Join(' ', terms);
    }
}
