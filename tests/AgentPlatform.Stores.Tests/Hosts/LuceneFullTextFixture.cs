using AgentPlatform.Domain;
using AgentPlatform.Storage.FullText.Lucene;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Hosts;

/// <summary>One temporary index root per test class, registered through AddLuceneFullTextIndex: the writer's host
/// (as the worker holds it) for all the class's tests, a second process's host over the same directory (Search.Api
/// beside the worker), and one whose root is a file.</summary>
public sealed class LuceneFullTextFixture : IDisposable
{
    private readonly Lazy<IHost> _writer;
    private readonly Lazy<IHost> _secondProcess;
    private readonly Lazy<IHost> _unreachable;

    public LuceneFullTextFixture()
    {
        _writer = new(() => Open(Root));
        _secondProcess = new(() => Open(Root));
        _unreachable = new(OpenOverAFile);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "agentplatform-fulltext-" + Guid.NewGuid().ToString("N"));

    public IServiceProvider Services => _writer.Value.Services;
    public IServiceProvider SecondProcessServices => _secondProcess.Value.Services;
    public IServiceProvider UnreachableServices => _unreachable.Value.Services;

    /// <summary>A host of its own over <paramref name="directory"/>, as a process registers the index; the caller disposes it.</summary>
    public static IHost Open(string directory) =>
        StoreHost.Build(StorageBackend.Local, StoreNames.FullText, directory, builder => builder.AddLuceneFullTextIndex(StoreNames.FullText));

    /// <summary>The registration creates its directory; a file then takes that directory's place, so every operation
    /// of the index fails.</summary>
    private IHost OpenOverAFile()
    {
        var path = Path.Combine(Root, "not-a-directory-" + Guid.NewGuid().ToString("N"));
        var host = Open(path);
        Directory.Delete(path);
        File.WriteAllText(path, "a file where the index root should be");
        return host;
    }

    public void Dispose()
    {
        foreach (var host in new[] { _writer, _secondProcess, _unreachable }.Where(h => h.IsValueCreated))
            host.Value.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
