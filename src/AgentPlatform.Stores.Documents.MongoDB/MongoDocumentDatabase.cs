using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Storage.Configuration;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>The containers document store: the collections of one MongoDB database, and the translation of
/// connection-level driver failures into <see cref="StoreUnavailableException"/>.</summary>
public sealed class MongoDocumentDatabase
{
    public const string ConversationsCollection = "conversations";
    public const string AgentStatesCollection = "agent_states";
    public const string AgentStateHistoryCollection = "agent_state_history";
    public const string KnowledgeDocumentsCollection = "knowledge_documents";

    /// <summary>How long an operation waits for a reachable server when the URL does not say otherwise.</summary>
    public static readonly TimeSpan DefaultServerSelectionTimeout = TimeSpan.FromSeconds(5);

    public MongoDocumentDatabase(IMongoClient client, string databaseName)
    {
        Database = client.GetDatabase(databaseName);
        Conversations = Database.GetCollection<MongoConversationMessage>(ConversationsCollection);
        AgentStates = Database.GetCollection<MongoAgentState>(AgentStatesCollection);
        AgentStateHistory = Database.GetCollection<MongoAgentState>(AgentStateHistoryCollection);
        KnowledgeDocuments = Database.GetCollection<MongoKnowledgeDocument>(KnowledgeDocumentsCollection);
    }

    public IMongoDatabase Database { get; }
    internal IMongoCollection<MongoConversationMessage> Conversations { get; }
    internal IMongoCollection<MongoAgentState> AgentStates { get; }
    internal IMongoCollection<MongoAgentState> AgentStateHistory { get; }
    internal IMongoCollection<MongoKnowledgeDocument> KnowledgeDocuments { get; }

    /// <summary>The database named in the URL path, else "agentplatform".</summary>
    public static string DatabaseNameOf(string connectionString) =>
        MongoUrl.Create(connectionString).DatabaseName is { Length: > 0 } name ? name : StorageSettings.MongoDatabaseName;

    /// <summary>A client whose server selection gives up after a few seconds (the driver waits 30 s by default),
    /// so an unreachable store fails fast; an explicit serverSelectionTimeoutMS in the URL wins.</summary>
    public static MongoClient CreateClient(string connectionString)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        if (!connectionString.Contains("serverSelectionTimeoutMS", StringComparison.OrdinalIgnoreCase))
            settings.ServerSelectionTimeout = DefaultServerSelectionTimeout;
        return new MongoClient(settings);
    }

    /// <summary>Runs a driver call; no reachable server (selection timeout) or a broken connection becomes
    /// StoreUnavailableException, everything else (duplicate keys, bad queries) passes through.</summary>
    internal static async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (ex is TimeoutException or MongoConnectionException)
        {
            throw new StoreUnavailableException(StoreNames.Documents, ex.Message, ex);
        }
    }

    /// <summary>One page of a sorted query, with the total count of the filter.</summary>
    internal static Task<Page<TResult>> FindPageAsync<TDocument, TResult>(IMongoCollection<TDocument> collection,
        FilterDefinition<TDocument> filter, SortDefinition<TDocument> sort, PageRequest page, Func<TDocument, TResult> map, CancellationToken ct)
    {
        page = page.Validated();
        return RunAsync(async () =>
        {
            var total = await collection.CountDocumentsAsync(filter, cancellationToken: ct);
            var documents = await collection.Find(filter).Sort(sort).Skip(page.Offset).Limit(page.Limit).ToListAsync(ct);
            return new Page<TResult>(documents.ConvertAll(d => map(d)), total, page.Offset, page.Limit);
        });
    }

    internal static Task RunAsync(Func<Task> operation) => RunAsync(async () =>
    {
        await operation();
        return true;
    });
}
