using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Configuration;
using AgentPlatform.Storage.FullText.Elasticsearch;
using AgentPlatform.Storage.FullText.Lucene;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage.FullText;

public static class FullTextRegistration
{
    /// <summary>Registers IFullTextIndex for the backend (Local: Lucene.NET directory; Containers: Elasticsearch URL)
    /// as a singleton, and the initializer that creates its directories or index templates at start.</summary>
    public static void AddFullTextAdapters(this IHostApplicationBuilder builder, StorageSettings settings)
    {
        var connectionString = settings.Require(StoreNames.FullText);
        switch (settings.Backend)
        {
            case StorageBackend.Local:
                // Singleton: the process's only IndexWriter per directory lives in it (disposed with the container).
                builder.Services.AddSingleton<IFullTextIndex>(_ => new LuceneFullTextIndex(connectionString));
                break;
            case StorageBackend.Containers:
                builder.Services.AddSingleton<IFullTextIndex>(_ => new ElasticsearchFullTextIndex(ElasticsearchFullTextIndex.CreateClient(connectionString)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Backend, "Unknown storage backend.");
        }
        builder.Services.AddSingleton<IStoreInitializer, FullTextStoreInitializer>();
    }
}

/// <summary>Creates the Lucene directories or the Elasticsearch templates and indices before the process serves.</summary>
internal sealed class FullTextStoreInitializer(IFullTextIndex index) : IStoreInitializer
{
    public string Store => StoreNames.FullText;

    public Task InitializeAsync(CancellationToken ct) => index.EnsureCreatedAsync(ct);
}
