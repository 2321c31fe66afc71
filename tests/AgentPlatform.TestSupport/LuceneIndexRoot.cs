using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;

namespace AgentPlatform.Tests.FullText;

/// <summary>One temporary index root per test class, holding the writer instance for all its tests (as the worker would).</summary>
public sealed class LuceneIndexRoot : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "agentplatform-fulltext-" + Guid.NewGuid().ToString("N"));
    public LuceneFullTextIndex Index { get; }

    public LuceneIndexRoot() => Index = new LuceneFullTextIndex(Root);

    public void Dispose()
    {
        Index.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
