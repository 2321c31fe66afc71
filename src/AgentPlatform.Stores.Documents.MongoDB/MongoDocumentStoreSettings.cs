using AgentPlatform.Storage.Configuration;

namespace AgentPlatform.Storage.Documents.Mongo;

/// <summary>The containers document store (section <c>AgentPlatform:MongoDB</c>): a MongoDB URL, whose path names the
/// database ("agentplatform" when it names none).</summary>
public sealed class MongoDocumentStoreSettings : StoreSettings
{
    public const string SectionName = "AgentPlatform:MongoDB";

    /// <summary>How long an operation waits for a reachable server; a serverSelectionTimeoutMS in the URL wins.</summary>
    public TimeSpan ServerSelectionTimeout { get; set; } = MongoDocumentDatabase.DefaultServerSelectionTimeout;
}
