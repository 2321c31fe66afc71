using AgentPlatform.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Storage.FullText.Lucene;

public static class LuceneRegistration
{
    /// <summary>Registers IFullTextIndex on a Lucene.NET directory (created here, so its health check can read it at
    /// once), the initializer that creates the index directories, a directory health check named
    /// <paramref name="connectionName"/> and the index's spans.</summary>
    public static void AddLuceneFullTextIndex(this IHostApplicationBuilder builder, string connectionName, Action<LuceneFullTextSettings>? configure = null)
    {
        var settings = builder.ReadSettings(LuceneFullTextSettings.SectionName, connectionName, configure);
        if (settings.IdleMergeDelay < TimeSpan.Zero)
            throw new InvalidOperationException(
                $"{LuceneFullTextSettings.SectionName}:{nameof(LuceneFullTextSettings.IdleMergeDelay)} is {settings.IdleMergeDelay}; it must be zero (never) or positive.");
        var directory = settings.ConnectionString!;
        Directory.CreateDirectory(directory);
        // Singleton: the process's only IndexWriter per directory lives in it (disposed with the container).
        builder.Services.AddSingleton<IFullTextIndex>(services => new LuceneFullTextIndex(directory, settings.IdleMergeDelay,
            services.GetService<TimeProvider>()));
        builder.Services.AddSingleton<IStoreInitializer, FullTextStoreInitializer>();
        builder.TryAddHealthCheck(settings, connectionName, _ => new LuceneDirectoryHealthCheck(directory));
        builder.AddTracing(settings, tracing => tracing.AddSource(LuceneFullTextIndex.Activities.Name));
    }
}
