using AgentPlatform.Storage.Configuration;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>The local document store (section <c>AgentPlatform:SqliteDocuments</c>): a SQLite connection string.</summary>
public sealed class SqliteDocumentStoreSettings : StoreSettings
{
    public const string SectionName = "AgentPlatform:SqliteDocuments";
}
