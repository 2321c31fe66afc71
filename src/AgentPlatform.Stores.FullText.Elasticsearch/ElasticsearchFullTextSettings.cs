using AgentPlatform.Storage.Configuration;

namespace AgentPlatform.Storage.FullText.Elasticsearch;

/// <summary>The containers full-text index (section <c>AgentPlatform:Elasticsearch</c>): the server URL, with
/// "user:password@" for Basic credentials.</summary>
public sealed class ElasticsearchFullTextSettings : StoreSettings
{
    public const string SectionName = "AgentPlatform:Elasticsearch";

    /// <summary>How long one request may take; null keeps the client's default (1 minute).</summary>
    public TimeSpan? RequestTimeout { get; set; }
}
