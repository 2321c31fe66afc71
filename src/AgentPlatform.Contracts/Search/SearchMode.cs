using System.Text.Json.Serialization;

namespace AgentPlatform.Contracts;

public enum SearchMode
{
    Hybrid,
    Semantic,
    [JsonStringEnumMemberName("fulltext")] FullText,
}
