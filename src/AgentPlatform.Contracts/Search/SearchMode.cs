using System.Text.Json.Serialization;

namespace AgentPlatform.Contracts;

public enum SearchMode
{
    Hybrid,
    Semantic,
    [JsonStringEnumMemberName("fulltext")] FullText,
    /// <summary>Text search of the knowledge documents in the document store (MongoDB $text, SQLite FTS5).</summary>
    Structured,
}
