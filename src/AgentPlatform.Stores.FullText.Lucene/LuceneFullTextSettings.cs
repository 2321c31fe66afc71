using AgentPlatform.Storage.Configuration;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>The local full-text index (section <c>AgentPlatform:Lucene</c>): the connection string is the directory
/// that holds one Lucene index per full-text index.</summary>
public sealed class LuceneFullTextSettings : StoreSettings
{
    public const string SectionName = "AgentPlatform:Lucene";

    /// <summary>How long after its last write the writing process (the Embedding.Worker) merges an index into one
    /// segment: always up to 64 MB, beyond that when the segments besides the largest hold at least a tenth of its
    /// bytes; zero: never, Lucene's own merge policy only.</summary>
    public TimeSpan IdleMergeDelay { get; set; } = TimeSpan.FromSeconds(10);
}
