using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Storage.FullText;

/// <summary>Creates the Lucene directories or the Elasticsearch templates and indices before the process serves.</summary>
internal sealed class FullTextStoreInitializer(IFullTextIndex index) : IStoreInitializer
{
    public string Store => StoreNames.FullText;

    public Task InitializeAsync(CancellationToken ct) => index.EnsureCreatedAsync(ct);
}
