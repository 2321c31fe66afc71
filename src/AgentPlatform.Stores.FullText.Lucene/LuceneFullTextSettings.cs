using AgentPlatform.Storage.Configuration;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>The local full-text index (section <c>AgentPlatform:Lucene</c>): the connection string is the directory
/// that holds one Lucene index per full-text index.</summary>
public sealed class LuceneFullTextSettings : StoreSettings
{
    public const string SectionName = "AgentPlatform:Lucene";
}
