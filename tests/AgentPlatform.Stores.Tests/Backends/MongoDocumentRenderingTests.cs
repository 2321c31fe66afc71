using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Documents.Mongo;
using AgentPlatform.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using static AgentPlatform.Tests.Hosts.DocumentTestData;

namespace AgentPlatform.Tests.Backends;

/// <summary>Offline checks of what the MongoDB adapter sends: its filters, sorts, updates, index definitions and
/// stored document shapes, rendered to BSON with each collection's own serializers.</summary>
public sealed class MongoDocumentRenderingTests
{
    private static readonly Guid SessionId = Guid.Parse("6f1c2a9e-0b7d-4a53-9e21-7d3f5c8b1a40");

    /// <summary>Collections of a client that is never asked to connect (rendering is local).</summary>
    private static readonly MongoDocumentDatabase Database =
        MongoDocumentsFixture.UnreachableServices.GetRequiredService<MongoDocumentDatabase>();

    private static RenderArgs<T> Args<T>(IMongoCollection<T> collection) =>
        new(collection.DocumentSerializer, collection.Settings.SerializerRegistry);

    private static void AssertBson(string expectedJson, BsonValue actual) =>
        Assert.Equal(BsonDocument.Parse(expectedJson), actual);

    [Fact]
    public void HistoryQueryFiltersByTenantAndSessionAndSortsNewestFirst()
    {
        var args = Args(Database.Conversations);

        // Tombstones of deleted messages never show in the history.
        AssertBson($$"""{ "tenantId" : "acme", "sessionId" : UUID("{{SessionId}}"), "deletedAt" : null }""",
            MongoConversationStore.HistoryFilter("acme", SessionId).Render(args));
        AssertBson("""{ "createdAt" : -1, "_id" : -1 }""", MongoConversationStore.HistorySort.Render(args));
    }

    [Fact]
    public void CursorPageReadsTheCursorOfTheTenantsSessionThenWhatFollowsItNewestFirst()
    {
        var args = Args(Database.Conversations);
        var cursorId = Guid.Parse("0b9f4c1e-7a2d-4e8f-9c3b-5d6e7f8a9b0c");
        var cursorTime = BaseTime.UtcDateTime;
        const string Session = """ "tenantId" : "acme", "sessionId" : UUID("6f1c2a9e-0b7d-4a53-9e21-7d3f5c8b1a40"), "deletedAt" : null """;

        // The cursor counts only as a message of this tenant's session: another session's or tenant's id matches nothing.
        AssertBson($$"""{ "_id" : "acme:{{cursorId}}", {{Session}} }""",
            MongoConversationStore.CursorFilter("acme", SessionId, cursorId).Render(args));
        AssertBson("""{ "createdAt" : 1 }""", MongoConversationStore.CursorProjection.Render(args));
        // Strictly after the cursor in (createdAt desc, _id desc) order: older, or as old with a smaller _id.
        AssertBson($$"""
            { {{Session}}, "$or" : [
                { "createdAt" : { "$lt" : ISODate("2025-03-14T09:26:53.589Z") } },
                { "createdAt" : ISODate("2025-03-14T09:26:53.589Z"), "_id" : { "$lt" : "acme:{{cursorId}}" } }] }
            """, MongoConversationStore.OlderFilter("acme", SessionId, cursorTime, cursorId).Render(args));
        AssertBson("""{ "createdAt" : -1, "_id" : -1 }""", MongoConversationStore.HistorySort.Render(args));
    }

    [Fact]
    public void ClaimTakesTheOldestUnindexedUnleasedMessagesOfEveryTenant()
    {
        var args = Args(Database.Conversations);
        var now = BaseTime;
        const string Claimable = """
            "indexedAt" : null, "indexFailedAt" : null, "$or" : [{ "leaseUntil" : null }, { "leaseUntil" : { "$lte" : ISODate("2025-03-14T09:26:53.589Z") } }]
            """;

        // Failed messages (given up after every attempt) are not claimed. No tenantId anywhere: the worker indexes every tenant's messages.
        AssertBson($$"""{ {{Claimable}} }""", MongoConversationStore.ClaimableFilter(now).Render(args));
        AssertBson("""{ "createdAt" : 1, "_id" : 1 }""", MongoConversationStore.ClaimSort.Render(args));
    }

    [Fact]
    public void LeaseIsSetOnlyWhereTheMessageIsStillClaimableAndReadBackByItsLeaseId()
    {
        var args = Args(Database.Conversations);
        var leaseId = Guid.Parse("0b9f4c1e-7a2d-4e8f-9c3b-5d6e7f8a9b0c");
        string[] ids = ["acme:1", "globex:2"];

        // updateMany re-checks claimability per document, so a message another worker leased meanwhile is left alone.
        AssertBson("""
            { "_id" : { "$in" : ["acme:1", "globex:2"] },
              "indexedAt" : null, "indexFailedAt" : null, "$or" : [{ "leaseUntil" : null }, { "leaseUntil" : { "$lte" : ISODate("2025-03-14T09:26:53.589Z") } }] }
            """, MongoConversationStore.LeaseFilter(ids, BaseTime).Render(args));
        AssertBson($$"""{ "$set" : { "leaseUntil" : ISODate("2025-03-14T09:28:53.589Z"), "leaseId" : UUID("{{leaseId}}") } }""",
            MongoConversationStore.LeaseUpdate(leaseId, BaseTime.AddMinutes(2)).Render(args));
        AssertBson($$"""{ "_id" : { "$in" : ["acme:1", "globex:2"] }, "leaseId" : UUID("{{leaseId}}") }""",
            MongoConversationStore.LeasedFilter(ids, leaseId).Render(args));
    }

    [Fact]
    public void A_failed_attempt_counts_and_keeps_its_error_then_schedules_a_retry_or_gives_up_and_a_reindex_resets_all_of_it()
    {
        var args = Args(Database.Conversations);
        var message = Guid.Parse("0b9f4c1e-7a2d-4e8f-9c3b-5d6e7f8a9b0c");

        AssertBson($$"""{ "_id" : "acme:{{message}}", "tenantId" : "acme" }""", MongoConversationStore.MessageFilter("acme", message).Render(args));
        AssertBson("""{ "$inc" : { "indexAttempts" : 1 }, "$set" : { "indexError" : "boom" } }""", MongoConversationStore.FailedAttemptUpdate("boom").Render(args));
        AssertBson("""{ "$set" : { "leaseUntil" : ISODate("2025-03-14T09:28:53.589Z") } }""",
            MongoConversationStore.RetryOrGiveUpUpdate(BaseTime.AddMinutes(2), BaseTime).Render(args));
        AssertBson("""{ "$set" : { "indexFailedAt" : ISODate("2025-03-14T09:26:53.589Z") }, "$unset" : { "leaseUntil" : 1, "leaseId" : 1 } }""",
            MongoConversationStore.RetryOrGiveUpUpdate(null, BaseTime).Render(args));
        AssertBson("""{ "$unset" : { "indexedAt" : 1, "leaseUntil" : 1, "leaseId" : 1, "indexAttempts" : 1, "indexError" : 1, "indexFailedAt" : 1 } }""",
            MongoConversationStore.ReindexUpdate.Render(args));
    }

    [Fact]
    public void Neighbours_are_the_sessions_messages_on_either_side_in_time_then_id_order()
    {
        var args = Args(Database.Conversations);
        var (session, message) = (Guid.Parse("11111111-2222-3333-4444-555555555555"), Guid.Parse("0b9f4c1e-7a2d-4e8f-9c3b-5d6e7f8a9b0c"));
        var at = BaseTime.UtcDateTime;

        AssertBson($$"""
            { "tenantId" : "acme", "sessionId" : UUID("{{session}}"), "deletedAt" : null,
              "$or" : [{ "createdAt" : { "$gt" : ISODate("2025-03-14T09:26:53.589Z") } },
                       { "createdAt" : ISODate("2025-03-14T09:26:53.589Z"), "_id" : { "$gt" : "acme:{{message}}" } }] }
            """, MongoConversationStore.NeighbourFilter("acme", session, at, message, after: true).Render(args));
        AssertBson($$"""
            { "tenantId" : "acme", "sessionId" : UUID("{{session}}"), "deletedAt" : null,
              "$or" : [{ "createdAt" : { "$lt" : ISODate("2025-03-14T09:26:53.589Z") } },
                       { "createdAt" : ISODate("2025-03-14T09:26:53.589Z"), "_id" : { "$lt" : "acme:{{message}}" } }] }
            """, MongoConversationStore.NeighbourFilter("acme", session, at, message, after: false).Render(args));
    }

    [Fact]
    public void MarkingSetsIndexedAtAndDropsTheLeaseOfOneTenantsMessages()
    {
        var args = Args(Database.Conversations);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        AssertBson($$"""{ "tenantId" : "acme", "_id" : { "$in" : ["acme:{{first}}", "acme:{{second}}"] }, "deletedAt" : null }""",
            MongoConversationStore.LiveMessagesFilter("acme", [first, second]).Render(args));
        // A deleted message's tombstone is removed once its projections are gone.
        AssertBson($$"""{ "tenantId" : "acme", "_id" : { "$in" : ["acme:{{first}}"] }, "deletedAt" : { "$ne" : null } }""",
            MongoConversationStore.PurgeFilter("acme", [first]).Render(args));
        AssertBson("""{ "$set" : { "indexedAt" : ISODate("2025-03-14T09:26:53.589Z") }, "$unset" : { "leaseUntil" : 1, "leaseId" : 1, "indexError" : 1 } }""",
            MongoConversationStore.IndexedUpdate(BaseTime.AddTicks(42)).Render(args));
    }

    [Fact]
    public void MessagesPerDayMatchTheTenantAgentAndWindowAndGroupByUtcDate()
    {
        var from = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var pipeline = MongoConversationStore.CountPerDayPipeline("acme", "planner", from, from.AddDays(7).AddTicks(1234));

        var stages = pipeline.Render(Args(Database.Conversations)).Documents;

        Assert.Equal(2, stages.Count);
        AssertBson("""
            { "$match" : { "tenantId" : "acme", "createdAt" : { "$gte" : ISODate("2025-03-01T00:00:00Z"), "$lt" : ISODate("2025-03-08T00:00:00Z") },
                           "deletedAt" : null, "agentId" : "planner" } }
            """, stages[0]);
        AssertBson("""
            { "$group" : { "_id" : { "$dateToString" : { "format" : "%Y-%m-%d", "date" : "$createdAt", "timezone" : "UTC" } }, "count" : { "$sum" : 1 } } }
            """, stages[1]);
        Assert.DoesNotContain("agentId", MongoConversationStore.CountPerDayPipeline("acme", null, from, from.AddDays(1))
            .Render(Args(Database.Conversations)).Documents[0].ToString());
    }

    [Fact]
    public void TheSummaryCountsDistinctUsersAndAssistantCodePointsOfTheWindowInOneFacet()
    {
        var from = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        var stages = MongoConversationStore.SummaryPipeline("acme", "planner", from, from.AddDays(7)).Render(Args(Database.Conversations)).Documents;

        Assert.Equal(2, stages.Count);
        AssertBson("""
            { "$match" : { "tenantId" : "acme", "createdAt" : { "$gte" : ISODate("2025-03-01T00:00:00Z"), "$lt" : ISODate("2025-03-08T00:00:00Z") },
                           "deletedAt" : null, "agentId" : "planner" } }
            """, stages[0]);
        AssertBson("""
            { "$facet" : {
                "users" : [ { "$match" : { "userId" : { "$ne" : null } } }, { "$group" : { "_id" : "$userId" } }, { "$count" : "count" } ],
                "responses" : [ { "$match" : { "role" : "assistant" } },
                                { "$group" : { "_id" : null, "count" : { "$sum" : 1 }, "characters" : { "$sum" : { "$strLenCP" : "$content" } } } } ] } }
            """, stages[1]);
    }

    [Fact]
    public void StateUpdateIsConditionalOnTheExpectedVersion()
    {
        var args = Args(Database.AgentStates);
        var updatedAt = new DateTime(2025, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc);

        AssertBson("""{ "tenantId" : "acme", "agentId" : "planner", "stateType" : "memory", "version" : NumberLong(4) }""",
            MongoAgentStateStore.VersionedFilter("acme", "planner", "memory", 4).Render(args));
        AssertBson("""{ "$set" : { "data" : { "step" : 5 }, "version" : NumberLong(5), "updatedAt" : ISODate("2025-03-14T09:26:53.589Z") } }""",
            MongoAgentStateStore.NextVersionUpdate(new BsonDocument("step", 5), 5, updatedAt).Render(args));
        AssertBson("""{ "version" : -1 }""", MongoAgentStateStore.HistorySort.Render(args));
    }

    [Fact]
    public void TextSearchIsTenantScopedAndRankedByTextScore()
    {
        var args = Args(Database.KnowledgeDocuments);
        var search = MongoKnowledgeDocumentStore.SearchExpression("-zebra \"herd\" title:plains")!;

        AssertBson("""{ "tenantId" : "acme", "$text" : { "$search" : "zebra herd title plains" } }""",
            MongoKnowledgeDocumentStore.TextSearchFilter("acme", search, new SearchFilter()).Render(args));
        AssertBson("""{ "score" : { "$meta" : "textScore" } }""", MongoKnowledgeDocumentStore.ScoreProjection.Render(args));
        AssertBson("""{ "score" : { "$meta" : "textScore" } }""", MongoKnowledgeDocumentStore.ScoreSort.Render(args));
        AssertBson($$"""{ "_id" : "acme:{{SessionId}}", "tenantId" : "acme" }""",
            MongoKnowledgeDocumentStore.EntryFilter("acme", SessionId).Render(args));
        var other = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        AssertBson($$"""{ "_id" : { "$in" : ["acme:{{SessionId}}", "acme:{{other}}"] }, "tenantId" : "acme" }""",
            MongoKnowledgeDocumentStore.EntriesFilter("acme", [SessionId, other]).Render(args));
        Assert.Null(MongoKnowledgeDocumentStore.SearchExpression(" \" - ( 🚀 "));
    }

    [Fact]
    public void StructuredSearchAppliesEveryFilterBesideTheTextQuery()
    {
        var args = Args(Database.KnowledgeDocuments);
        var from = BaseTime;
        var filter = new SearchFilter { Category = "faq", AgentId = "support", From = from, To = from.AddDays(1), Tags = ["billing", "eu"] };

        AssertBson("""
            { "tenantId" : "acme", "$text" : { "$search" : "refund" }, "category" : "faq", "agentId" : "support",
              "createdAt" : { "$gte" : ISODate("2025-03-14T09:26:53.589Z"), "$lt" : ISODate("2025-03-15T09:26:53.589Z") },
              "tags" : { "$all" : ["billing", "eu"] } }
            """, MongoKnowledgeDocumentStore.TextSearchFilter("acme", "refund", filter).Render(args));
        AssertBson("""{ "tenantId" : "acme", "$text" : { "$search" : "refund" }, "tags" : { "$in" : ["billing", "eu"] } }""",
            MongoKnowledgeDocumentStore.TextSearchFilter("acme", "refund", new SearchFilter { Tags = ["billing", "eu"], MatchAnyTag = true }).Render(args));
    }

    [Fact]
    public void IndexesMatchTheQueries()
    {
        var indexes = MongoDocumentStoreInitializer.ConversationIndexes;
        Assert.Equal(3, indexes.Count);
        // History of a session; the indexing worker's claim; a tenant's messages by time (analytics).
        AssertBson("""{ "tenantId" : 1, "sessionId" : 1, "createdAt" : -1, "_id" : -1 }""", indexes[0].Keys.Render(Args(Database.Conversations)));
        AssertBson("""{ "indexedAt" : 1, "createdAt" : 1, "_id" : 1 }""", indexes[1].Keys.Render(Args(Database.Conversations)));
        AssertBson("""{ "tenantId" : 1, "createdAt" : 1 }""", indexes[2].Keys.Render(Args(Database.Conversations)));

        var state = Assert.Single(MongoDocumentStoreInitializer.AgentStateIndexes);
        AssertBson("""{ "tenantId" : 1, "agentId" : 1, "stateType" : 1 }""", state.Keys.Render(Args(Database.AgentStates)));
        Assert.True(state.Options.Unique);

        var stateHistory = Assert.Single(MongoDocumentStoreInitializer.AgentStateHistoryIndexes);
        AssertBson("""{ "tenantId" : 1, "agentId" : 1, "stateType" : 1, "version" : -1 }""", stateHistory.Keys.Render(Args(Database.AgentStateHistory)));
        Assert.True(stateHistory.Options.Unique);

        var knowledgeArgs = Args(Database.KnowledgeDocuments);
        var (entry, text) = (MongoDocumentStoreInitializer.KnowledgeDocumentIndexes[0], MongoDocumentStoreInitializer.KnowledgeDocumentIndexes[1]);
        AssertBson("""{ "tenantId" : 1, "entryId" : 1 }""", entry.Keys.Render(knowledgeArgs));
        Assert.True(entry.Options.Unique);
        AssertBson("""{ "tenantId" : 1, "title" : "text", "content" : "text" }""", text.Keys.Render(knowledgeArgs));
        AssertBson("""{ "title" : 2, "content" : 1 }""", text.Options.Weights);
    }

    [Fact]
    public void ConversationMessagesAreStoredAsPlainBsonAndReadBack()
    {
        var message = new ConversationMessage
        {
            Id = Guid.NewGuid(),
            TenantId = "acme",
            SessionId = SessionId,
            AgentId = "support",
            Role = MessageRole.Assistant,
            Content = Unicode,
            CreatedAt = BaseTime.ToOffset(TimeSpan.FromHours(2)),
            MetadataJson = """{"channel":"web","n":3}""",
        };

        var bson = Serialize(Database.Conversations, MongoConversationMessage.From(message));

        AssertBson($$"""
            { "_id" : "acme:{{message.Id}}", "messageId" : UUID("{{message.Id}}"), "tenantId" : "acme",
              "sessionId" : UUID("{{SessionId}}"), "agentId" : "support", "role" : "assistant", "content" : "{{Unicode}}",
              "createdAt" : ISODate("2025-03-14T09:26:53.589Z"), "metadata" : { "channel" : "web", "n" : 3 } }
            """, bson);
        var read = Deserialize(Database.Conversations, bson).ToDomain();
        Assert.Equal(message with { MetadataJson = null }, read with { MetadataJson = null });
        AssertSameJson(message.MetadataJson, read.MetadataJson);
    }

    [Fact]
    public void MessagesStoredBeforeIndexingStateExistedReadAsNotIndexed()
    {
        var message = new ConversationMessage
        {
            Id = Guid.NewGuid(), TenantId = "acme", SessionId = SessionId, AgentId = "support",
            Role = MessageRole.User, Content = "old", CreatedAt = BaseTime,
        };
        var bson = Serialize(Database.Conversations, MongoConversationMessage.From(message));

        var read = Deserialize(Database.Conversations, bson);

        Assert.False(bson.Contains("indexedAt") || bson.Contains("leaseUntil") || bson.Contains("leaseId"));
        Assert.Null(read.IndexedAt);
        Assert.Null(read.LeaseUntil);
        Assert.Null(read.LeaseId);
        Assert.Equal(message, read.ToDomain());
    }

    [Fact]
    public void KnowledgeDocumentsKeepChunksAndDropSubMillisecondTime()
    {
        var document = new KnowledgeDocument
        {
            EntryId = Guid.NewGuid(),
            TenantId = "acme",
            Title = "Title",
            Content = "Content",
            Tags = ["a"],
            Version = 2,
            Chunks = [new KnowledgeChunk(0, "Content", 0, 1)],
            CreatedAt = BaseTime.AddTicks(1234),
            UpdatedAt = BaseTime,
        };

        var bson = Serialize(Database.KnowledgeDocuments, MongoKnowledgeDocument.From(document));

        AssertBson("""{ "chunks" : [{ "index" : 0, "text" : "Content", "startOffset" : 0, "tokenCount" : 1 }] }""",
            new BsonDocument("chunks", bson["chunks"]));
        Assert.False(bson.Contains("score"));
        Assert.False(bson.Contains("category"));
        var read = Deserialize(Database.KnowledgeDocuments, bson).ToDomain();
        Assert.Equal(BaseTime, read.CreatedAt);
        Assert.Equal(document.Chunks, read.Chunks);
    }

    [Fact]
    public void AgentStatesAreStoredWithBsonDataAndGetAFreshIdPerDocument()
    {
        var state = new MongoAgentState
        {
            TenantId = "acme",
            AgentId = "planner",
            StateType = "memory",
            Data = MongoJson.Parse("""{"step":5,"plan":["a","b"]}"""),
            Version = 3,
            UpdatedAt = BaseTime.UtcDateTime,
        };
        // What InsertOne does before sending: ask the serializer for the id and let its generator fill an empty one.
        var ids = (IBsonIdProvider)Database.AgentStateHistory.DocumentSerializer;
        var history = state.AsHistoryEntry();
        Assert.True(ids.GetDocumentId(history, out var id, out _, out var generator) && generator.IsEmpty(id));
        ids.SetDocumentId(history, generator.GenerateId(Database.AgentStateHistory, history));

        var bson = Serialize(Database.AgentStateHistory, history);

        Assert.NotEqual(ObjectId.Empty, history.Id);
        AssertBson($$"""
            { "_id" : ObjectId("{{history.Id}}"), "tenantId" : "acme", "agentId" : "planner", "stateType" : "memory",
              "data" : { "step" : 5, "plan" : ["a", "b"] }, "version" : NumberLong(3), "updatedAt" : ISODate("2025-03-14T09:26:53.589Z") }
            """, bson);
        Assert.Equal(state.ToDomain(), Deserialize(Database.AgentStateHistory, bson).ToDomain());
    }

    [Theory]
    [InlineData("""{"a":1,"b":[true,null,"x"],"c":{"d":1.5}}""")]
    [InlineData("""[1,"two",{"three":3}]""")]
    [InlineData("\"just text\"")]
    [InlineData("42")]
    [InlineData("""{"big":5000000000,"unicode":"Grüße 数据 🚀"}""")]
    public void CallerJsonRoundTripsThroughBson(string json) =>
        AssertSameJson(json, MongoJson.Write(MongoJson.Parse(json)));

    [Theory]
    [InlineData("mongodb://u:p@db:27017/agentplatform?authSource=admin", "agentplatform")]
    [InlineData("mongodb://db:27017/tenantdata", "tenantdata")]
    [InlineData("mongodb://db:27017/?authSource=admin", "agentplatform")]
    [InlineData("mongodb://db:27017", "agentplatform")]
    public void DatabaseNameComesFromTheUrl(string url, string expected) =>
        Assert.Equal(expected, MongoDocumentDatabase.DatabaseNameOf(url));

    [Fact]
    public void ClientsFailFastUnlessTheUrlSaysOtherwise()
    {
        using var fast = MongoDocumentDatabase.CreateClient("mongodb://db:27017/agentplatform");
        using var explicitTimeout = MongoDocumentDatabase.CreateClient("mongodb://db:27017/agentplatform?serverSelectionTimeoutMS=12000");

        Assert.Equal(MongoDocumentDatabase.DefaultServerSelectionTimeout, fast.Settings.ServerSelectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), explicitTimeout.Settings.ServerSelectionTimeout);
    }

    private static BsonDocument Serialize<T>(IMongoCollection<T> collection, T value)
    {
        var bson = new BsonDocument();
        using var writer = new MongoDB.Bson.IO.BsonDocumentWriter(bson);
        collection.DocumentSerializer.Serialize(BsonSerializationContext.CreateRoot(writer), value);
        return bson;
    }

    private static T Deserialize<T>(IMongoCollection<T> collection, BsonDocument bson)
    {
        using var reader = new MongoDB.Bson.IO.BsonDocumentReader(bson);
        return collection.DocumentSerializer.Deserialize(BsonDeserializationContext.CreateRoot(reader));
    }
}
