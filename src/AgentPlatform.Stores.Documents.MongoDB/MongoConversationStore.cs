using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>Conversation messages in the conversations collection, one document per message.</summary>
public sealed class MongoConversationStore(MongoDocumentDatabase database) :
    IConversationHistory, IConversationWriter, IMessageOutbox, IMessageReindexQueue, IMessageIndexingStatus, IConversationActivity
{
    private static readonly FilterDefinitionBuilder<MongoConversationMessage> Filter = Builders<MongoConversationMessage>.Filter;

    public Task AppendAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
            TenantIds.Require(message.TenantId);
        if (messages.Count == 0)
            return Task.CompletedTask;
        var documents = messages.Select(MongoConversationMessage.From).ToList();
        return MongoDocumentDatabase.RunAsync(async () =>
        {
            try
            {
                await database.Conversations.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = false }, ct);
            }
            catch (MongoBulkWriteException<MongoConversationMessage> ex)
                when (ex.WriteConcernError is null && ex.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
            {
                // Messages already stored (same tenant and id) are kept as they are: re-sending a batch is harmless.
            }
        });
    }

    public Task<Page<ConversationMessage>> GetHistoryAsync(string tenantId, Guid sessionId, PageRequest page, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.FindPageAsync(database.Conversations, HistoryFilter(tenantId, sessionId), HistorySort, page, m => m.ToDomain(), ct);
    }

    /// <summary>The cursor's stored time is read back first (times are stored to the millisecond), then the page of
    /// messages after it in <see cref="HistorySort"/> order.</summary>
    public async Task<Page<ConversationMessage>?> GetHistoryBeforeAsync(string tenantId, Guid sessionId, Guid before, int limit, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        var page = new PageRequest(0, limit).Validated();
        var cursor = await MongoDocumentDatabase.RunAsync(() => database.Conversations.Find(CursorFilter(tenantId, sessionId, before))
            .Project(CursorProjection)
            .FirstOrDefaultAsync(ct));
        if (cursor is null)
            return null;
        var total = await MongoDocumentDatabase.RunAsync(() =>
            database.Conversations.CountDocumentsAsync(HistoryFilter(tenantId, sessionId), cancellationToken: ct));
        var older = await MongoDocumentDatabase.FindPageAsync(database.Conversations,
            OlderFilter(tenantId, sessionId, cursor["createdAt"].ToUniversalTime(), before), HistorySort, page, m => m.ToDomain(), ct);
        return new Page<ConversationMessage>(older.Items, total, checked((int)(total - older.Total)), page.Limit);
    }

    /// <summary>Three requests whatever the batch size: read the oldest claimable ids, lease those still claimable under a
    /// fresh lease id (updateMany re-checks the filter per document atomically, so of two workers racing for a message
    /// exactly one sets its lease), then read back the documents carrying this lease id. A worker that lost some races
    /// returns fewer than it asked for; the next round picks up the rest.</summary>
    public Task<IReadOnlyList<ConversationMessage>> ClaimUnindexedAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        DocumentStoreRules.ValidateClaim(max, lease);
        var leaseId = Guid.NewGuid();
        return MongoDocumentDatabase.RunAsync<IReadOnlyList<ConversationMessage>>(async () =>
        {
            var candidates = await database.Conversations.Find(ClaimableFilter(now))
                .Sort(ClaimSort)
                .Limit(max)
                .Project(m => m.Id)
                .ToListAsync(ct);
            if (candidates.Count == 0)
                return [];
            await database.Conversations.UpdateManyAsync(LeaseFilter(candidates, now), LeaseUpdate(leaseId, now + lease), cancellationToken: ct);
            var leased = await database.Conversations.Find(LeasedFilter(candidates, leaseId)).ToListAsync(ct);
            return DocumentStoreRules.OldestFirst(leased.Select(m => m.ToDomain()));
        });
    }

    public Task MarkIndexedAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
            TenantIds.Require(message.TenantId);
        var update = IndexedUpdate(DateTimeOffset.UtcNow);
        return MongoDocumentDatabase.RunAsync(() => Task.WhenAll(messages
            .GroupBy(m => (m.TenantId, m.Deleted))
            .Select(group => group.Key.Deleted
                ? database.Conversations.DeleteManyAsync(PurgeFilter(group.Key.TenantId, [.. group.Select(m => m.Id)]), ct)
                : (Task)database.Conversations.UpdateManyAsync(
                    LiveMessagesFilter(group.Key.TenantId, [.. group.Select(m => m.Id)]), update, cancellationToken: ct))));
    }

    public Task FailIndexingAsync(ConversationMessage message, string error, Func<int, DateTimeOffset?> retryAfterAttempt, CancellationToken ct)
    {
        TenantIds.Require(message.TenantId);
        var filter = MessageFilter(message.TenantId, message.Id);
        return MongoDocumentDatabase.RunAsync(async () =>
        {
            var counted = await database.Conversations.FindOneAndUpdateAsync(filter, FailedAttemptUpdate(error),
                new FindOneAndUpdateOptions<MongoConversationMessage> { ReturnDocument = ReturnDocument.After }, ct);
            if (counted is null)
                return;
            await database.Conversations.UpdateOneAsync(filter,
                RetryOrGiveUpUpdate(retryAfterAttempt(counted.IndexAttempts), DateTimeOffset.UtcNow), cancellationToken: ct);
        });
    }

    public Task<long> EnqueueReindexAsync(string tenantId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.RunAsync(async () =>
            (await database.Conversations.UpdateManyAsync(Filter.Eq(m => m.TenantId, tenantId), ReindexUpdate, cancellationToken: ct)).ModifiedCount);
    }

    public Task<ConversationMessage?> UpdateContentAsync(string tenantId, Guid sessionId, Guid messageId, string content, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.RunAsync(async () => (await database.Conversations.FindOneAndUpdateAsync(LiveFilter(tenantId, sessionId, messageId),
            EditUpdate(content), new FindOneAndUpdateOptions<MongoConversationMessage> { ReturnDocument = ReturnDocument.After }, ct))?.ToDomain());
    }

    public Task<long> DeleteAsync(string tenantId, Guid sessionId, Guid? messageId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.RunAsync(async () =>
            (await database.Conversations.UpdateManyAsync(LiveFilter(tenantId, sessionId, messageId), DeleteUpdate(DateTimeOffset.UtcNow), cancellationToken: ct)).ModifiedCount);
    }

    public Task<MessageIndexingCounts> CountIndexingAsync(string tenantId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        var tenant = Filter.Eq(m => m.TenantId, tenantId);
        return MongoDocumentDatabase.RunAsync(async () =>
        {
            tenant &= Filter.Eq(m => m.DeletedAt, null);
            var indexed = await database.Conversations.CountDocumentsAsync(tenant & Filter.Ne(m => m.IndexedAt, null), cancellationToken: ct);
            var failed = await database.Conversations.CountDocumentsAsync(
                tenant & Filter.Eq(m => m.IndexedAt, null) & Filter.Ne(m => m.IndexFailedAt, null), cancellationToken: ct);
            var total = await database.Conversations.CountDocumentsAsync(tenant, cancellationToken: ct);
            return new MessageIndexingCounts(total - indexed - failed, indexed, failed);
        });
    }

    public async Task<MessageNeighbours?> GetNeighboursAsync(string tenantId, Guid sessionId, Guid messageId, int count, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var cursor = await MongoDocumentDatabase.RunAsync(() => database.Conversations.Find(CursorFilter(tenantId, sessionId, messageId))
            .Project(CursorProjection)
            .FirstOrDefaultAsync(ct));
        if (cursor is null)
            return null;
        var createdAt = cursor["createdAt"].ToUniversalTime();
        var before = await MongoDocumentDatabase.RunAsync(() => database.Conversations
            .Find(NeighbourFilter(tenantId, sessionId, createdAt, messageId, after: false)).Sort(HistorySort).Limit(count).ToListAsync(ct));
        var after = await MongoDocumentDatabase.RunAsync(() => database.Conversations
            .Find(NeighbourFilter(tenantId, sessionId, createdAt, messageId, after: true))
            .Sort(Builders<MongoConversationMessage>.Sort.Ascending(m => m.CreatedAt).Ascending(m => m.Id)).Limit(count).ToListAsync(ct));
        return new MessageNeighbours([.. before.Select(m => m.ToDomain()).Reverse()], [.. after.Select(m => m.ToDomain())]);
    }

    public async Task<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string tenantId, IReadOnlyCollection<Guid> messageIds, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageIds.Count, IConversationHistory.MaxMessageIds, nameof(messageIds));
        if (messageIds.Count == 0)
            return [];
        var found = await MongoDocumentDatabase.RunAsync(() => database.Conversations.Find(LiveMessagesFilter(tenantId, [.. messageIds])).ToListAsync(ct));
        return [.. found.Select(m => m.ToDomain())];
    }

    public Task<IReadOnlyDictionary<DateOnly, long>> CountPerDayAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.RunAsync<IReadOnlyDictionary<DateOnly, long>>(async () =>
        {
            var days = await database.Conversations.Aggregate(CountPerDayPipeline(tenantId, agentId, from, to), cancellationToken: ct).ToListAsync(ct);
            return days.ToDictionary(
                day => DateOnly.ParseExact(day["_id"].AsString, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                day => day["count"].ToInt64());
        });
    }

    public Task<ConversationFigures> SummarizeAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return MongoDocumentDatabase.RunAsync(async () =>
        {
            var facets = await database.Conversations.Aggregate(SummaryPipeline(tenantId, agentId, from, to), cancellationToken: ct).SingleAsync(ct);
            var users = facets["users"].AsBsonArray;
            var responses = facets["responses"].AsBsonArray;
            return new ConversationFigures(
                users.Count == 0 ? 0 : users[0]["count"].ToInt64(),
                responses.Count == 0 ? 0 : responses[0]["count"].ToInt64(),
                responses.Count == 0 ? 0 : responses[0]["characters"].ToInt64());
        });
    }

    /// <summary>One round trip over the (tenantId, createdAt) index: the window's messages, then side by side their distinct
    /// non-null users and their assistant messages with the summed length in code points ($strLenCP).</summary>
    internal static PipelineDefinition<MongoConversationMessage, BsonDocument> SummaryPipeline(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to) =>
        new EmptyPipelineDefinition<MongoConversationMessage>()
            .Match(WindowFilter(tenantId, agentId, from, to))
            .AppendStage<MongoConversationMessage, MongoConversationMessage, BsonDocument>(new BsonDocument("$facet", new BsonDocument
            {
                { "users", new BsonArray
                    {
                        new BsonDocument("$match", new BsonDocument("userId", new BsonDocument("$ne", BsonNull.Value))),
                        new BsonDocument("$group", new BsonDocument("_id", "$userId")),
                        new BsonDocument("$count", "count"),
                    }
                },
                { "responses", new BsonArray
                    {
                        new BsonDocument("$match", new BsonDocument("role", DocumentStoreRules.RoleName(MessageRole.Assistant))),
                        new BsonDocument("$group", new BsonDocument
                        {
                            { "_id", BsonNull.Value },
                            { "count", new BsonDocument("$sum", 1) },
                            { "characters", new BsonDocument("$sum", new BsonDocument("$strLenCP", "$content")) },
                        }),
                    }
                },
            }));

    /// <summary>Messages of the tenant (and agent, when given) created in [from, to).</summary>
    private static FilterDefinition<MongoConversationMessage> WindowFilter(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to)
    {
        var filter = Filter.Eq(m => m.TenantId, tenantId)
                     & Filter.Gte(m => m.CreatedAt, MongoTime.ToStored(from))
                     & Filter.Lt(m => m.CreatedAt, MongoTime.ToStored(to))
                     & Filter.Eq(m => m.DeletedAt, null);
        return agentId is null ? filter : filter & Filter.Eq(m => m.AgentId, agentId);
    }

    /// <summary>Messages of the window grouped by their UTC calendar day ("yyyy-MM-dd"), served by the
    /// (tenantId, createdAt) index.</summary>
    internal static PipelineDefinition<MongoConversationMessage, BsonDocument> CountPerDayPipeline(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to) =>
        new EmptyPipelineDefinition<MongoConversationMessage>()
            .Match(WindowFilter(tenantId, agentId, from, to))
            .Group(new BsonDocument
            {
                { "_id", new BsonDocument("$dateToString", new BsonDocument { { "format", "%Y-%m-%d" }, { "date", "$createdAt" }, { "timezone", "UTC" } }) },
                { "count", new BsonDocument("$sum", 1) },
            });

    /// <summary>The session's live messages (tombstones of deleted ones are left out).</summary>
    internal static FilterDefinition<MongoConversationMessage> HistoryFilter(string tenantId, Guid sessionId) =>
        Filter.Eq(m => m.TenantId, tenantId) & Filter.Eq(m => m.SessionId, sessionId) & Filter.Eq(m => m.DeletedAt, null);

    /// <summary>The cursor message, only if it belongs to this tenant's session.</summary>
    internal static FilterDefinition<MongoConversationMessage> CursorFilter(string tenantId, Guid sessionId, Guid messageId) =>
        Filter.Eq(m => m.Id, MongoIds.Scoped(tenantId, messageId)) & HistoryFilter(tenantId, sessionId);

    /// <summary>Only the cursor's time: the message content may be large.</summary>
    internal static ProjectionDefinition<MongoConversationMessage> CursorProjection { get; } =
        Builders<MongoConversationMessage>.Projection.Include(m => m.CreatedAt);

    /// <summary>The session's messages after the cursor in <see cref="HistorySort"/> order: older, or as old with a
    /// smaller _id (the same tenant prefix, then the message id), so equal times are neither skipped nor repeated.</summary>
    internal static FilterDefinition<MongoConversationMessage> OlderFilter(string tenantId, Guid sessionId, DateTime cursorCreatedAt, Guid cursorId) =>
        HistoryFilter(tenantId, sessionId)
        & (Filter.Lt(m => m.CreatedAt, cursorCreatedAt)
           | (Filter.Eq(m => m.CreatedAt, cursorCreatedAt) & Filter.Lt(m => m.Id, MongoIds.Scoped(tenantId, cursorId))));

    /// <summary>Newest first, matching the (tenantId, sessionId, createdAt desc, _id desc) index.</summary>
    internal static SortDefinition<MongoConversationMessage> HistorySort { get; } =
        Builders<MongoConversationMessage>.Sort.Descending(m => m.CreatedAt).Descending(m => m.Id);

    /// <summary>Not indexed (a missing field matches null) and not leased, or leased until no later than now. Not filtered
    /// by tenant on purpose: the worker indexes every tenant's messages.</summary>
    internal static FilterDefinition<MongoConversationMessage> ClaimableFilter(DateTimeOffset now) =>
        Filter.Eq(m => m.IndexedAt, null) & Filter.Eq(m => m.IndexFailedAt, null)
        & (Filter.Eq(m => m.LeaseUntil, null) | Filter.Lte(m => m.LeaseUntil, MongoTime.ToStored(now)));

    /// <summary>Oldest first, matching the (indexedAt, createdAt, _id) index.</summary>
    internal static SortDefinition<MongoConversationMessage> ClaimSort { get; } =
        Builders<MongoConversationMessage>.Sort.Ascending(m => m.CreatedAt).Ascending(m => m.Id);

    internal static FilterDefinition<MongoConversationMessage> LeaseFilter(IReadOnlyList<string> ids, DateTimeOffset now) =>
        Filter.In(m => m.Id, ids) & ClaimableFilter(now);

    internal static UpdateDefinition<MongoConversationMessage> LeaseUpdate(Guid leaseId, DateTimeOffset leaseUntil) =>
        Builders<MongoConversationMessage>.Update
            .Set(m => m.LeaseUntil, MongoTime.ToStored(leaseUntil))
            .Set(m => m.LeaseId, leaseId);

    internal static FilterDefinition<MongoConversationMessage> LeasedFilter(IReadOnlyList<string> ids, Guid leaseId) =>
        Filter.In(m => m.Id, ids) & Filter.Eq(m => m.LeaseId, leaseId);

    /// <summary>The tenant's live messages with these ids: what is marked indexed, and what a read by ids returns.</summary>
    internal static FilterDefinition<MongoConversationMessage> LiveMessagesFilter(string tenantId, IReadOnlyList<Guid> messageIds) =>
        Filter.Eq(m => m.TenantId, tenantId) & Filter.In(m => m.Id, messageIds.Select(id => MongoIds.Scoped(tenantId, id))) & Filter.Eq(m => m.DeletedAt, null);

    /// <summary>Tombstones whose projections are gone.</summary>
    internal static FilterDefinition<MongoConversationMessage> PurgeFilter(string tenantId, IReadOnlyList<Guid> messageIds) =>
        Filter.Eq(m => m.TenantId, tenantId) & Filter.In(m => m.Id, messageIds.Select(id => MongoIds.Scoped(tenantId, id))) & Filter.Ne(m => m.DeletedAt, null);

    /// <summary>The live message, or every live message of the session when messageId is null.</summary>
    internal static FilterDefinition<MongoConversationMessage> LiveFilter(string tenantId, Guid sessionId, Guid? messageId) =>
        messageId is { } id ? HistoryFilter(tenantId, sessionId) & Filter.Eq(m => m.Id, MongoIds.Scoped(tenantId, id)) : HistoryFilter(tenantId, sessionId);

    internal static UpdateDefinition<MongoConversationMessage> EditUpdate(string content) =>
        Builders<MongoConversationMessage>.Update.Combine(Builders<MongoConversationMessage>.Update.Set(m => m.Content, content), ReindexUpdate);

    internal static UpdateDefinition<MongoConversationMessage> DeleteUpdate(DateTimeOffset now) =>
        Builders<MongoConversationMessage>.Update.Combine(Builders<MongoConversationMessage>.Update.Set(m => m.DeletedAt, MongoTime.ToStored(now)), ReindexUpdate);

    internal static UpdateDefinition<MongoConversationMessage> IndexedUpdate(DateTimeOffset indexedAt) =>
        Builders<MongoConversationMessage>.Update
            .Set(m => m.IndexedAt, MongoTime.ToStored(indexedAt))
            .Unset(m => m.LeaseUntil)
            .Unset(m => m.LeaseId)
            .Unset(m => m.IndexError);

    internal static FilterDefinition<MongoConversationMessage> MessageFilter(string tenantId, Guid messageId) =>
        Filter.Eq(m => m.Id, MongoIds.Scoped(tenantId, messageId)) & Filter.Eq(m => m.TenantId, tenantId);

    internal static UpdateDefinition<MongoConversationMessage> FailedAttemptUpdate(string error) =>
        Builders<MongoConversationMessage>.Update.Inc(m => m.IndexAttempts, 1).Set(m => m.IndexError, error);

    internal static UpdateDefinition<MongoConversationMessage> RetryOrGiveUpUpdate(DateTimeOffset? retryAt, DateTimeOffset now) =>
        retryAt is { } at
            ? Builders<MongoConversationMessage>.Update.Set(m => m.LeaseUntil, MongoTime.ToStored(at))
            : Builders<MongoConversationMessage>.Update.Set(m => m.IndexFailedAt, MongoTime.ToStored(now)).Unset(m => m.LeaseUntil).Unset(m => m.LeaseId);

    internal static UpdateDefinition<MongoConversationMessage> ReindexUpdate { get; } =
        Builders<MongoConversationMessage>.Update.Unset(m => m.IndexedAt).Unset(m => m.LeaseUntil).Unset(m => m.LeaseId)
            .Unset(m => m.IndexAttempts).Unset(m => m.IndexError).Unset(m => m.IndexFailedAt);

    /// <summary>The session's messages on one side of a message in (createdAt, _id) order.</summary>
    internal static FilterDefinition<MongoConversationMessage> NeighbourFilter(string tenantId, Guid sessionId, DateTime createdAt, Guid messageId, bool after)
    {
        var id = MongoIds.Scoped(tenantId, messageId);
        return HistoryFilter(tenantId, sessionId) & (after
            ? Filter.Gt(m => m.CreatedAt, createdAt) | (Filter.Eq(m => m.CreatedAt, createdAt) & Filter.Gt(m => m.Id, id))
            : Filter.Lt(m => m.CreatedAt, createdAt) | (Filter.Eq(m => m.CreatedAt, createdAt) & Filter.Lt(m => m.Id, id)));
    }
}
