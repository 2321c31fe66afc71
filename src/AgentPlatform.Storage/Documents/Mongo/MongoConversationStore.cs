using AgentPlatform.Domain;
using AgentPlatform.Ports;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>Conversation messages in the conversations collection, one document per message.</summary>
public sealed class MongoConversationStore(MongoDocumentDatabase database) : IConversationStore
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

    /// <summary>Messages of the window grouped by their UTC calendar day ("yyyy-MM-dd"), served by the
    /// (tenantId, createdAt) index.</summary>
    internal static PipelineDefinition<MongoConversationMessage, BsonDocument> CountPerDayPipeline(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to)
    {
        var filter = Filter.Eq(m => m.TenantId, tenantId)
                     & Filter.Gte(m => m.CreatedAt, MongoTime.ToStored(from))
                     & Filter.Lt(m => m.CreatedAt, MongoTime.ToStored(to));
        if (agentId is not null)
            filter &= Filter.Eq(m => m.AgentId, agentId);
        return new EmptyPipelineDefinition<MongoConversationMessage>()
            .Match(filter)
            .Group(new BsonDocument
            {
                { "_id", new BsonDocument("$dateToString", new BsonDocument { { "format", "%Y-%m-%d" }, { "date", "$createdAt" }, { "timezone", "UTC" } }) },
                { "count", new BsonDocument("$sum", 1) },
            });
    }

    internal static FilterDefinition<MongoConversationMessage> HistoryFilter(string tenantId, Guid sessionId) =>
        Filter.Eq(m => m.TenantId, tenantId) & Filter.Eq(m => m.SessionId, sessionId);

    /// <summary>Newest first, matching the (tenantId, sessionId, createdAt desc, _id desc) index.</summary>
    internal static SortDefinition<MongoConversationMessage> HistorySort { get; } =
        Builders<MongoConversationMessage>.Sort.Descending(m => m.CreatedAt).Descending(m => m.Id);
}
