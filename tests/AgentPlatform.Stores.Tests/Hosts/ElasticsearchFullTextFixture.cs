using System.Net;
using System.Net.Sockets;
using AgentPlatform.Domain;
using AgentPlatform.Storage.FullText.Elasticsearch;
using AgentPlatform.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Hosts;

/// <summary>The index registered through AddElasticsearchFullTextIndex against the live cluster in
/// AGENTPLATFORM_TEST_ELASTIC (a URL with user info), twice as two processes would, and against a closed port.
/// Without the variable the live hosts skip the calling test; the closed port needs no server.</summary>
public sealed class ElasticsearchFullTextFixture : IDisposable
{
    private readonly Lazy<IHost> _live = new(() => Open(LiveStore.Require(LiveStore.ElasticVariable)));
    private readonly Lazy<IHost> _secondProcess = new(() => Open(LiveStore.Require(LiveStore.ElasticVariable)));
    private readonly Lazy<IHost> _unreachable = new(() => Open($"http://elastic:secret@127.0.0.1:{ClosedPort()}"));

    public IServiceProvider Services => _live.Value.Services;
    public IServiceProvider SecondProcessServices => _secondProcess.Value.Services;
    public IServiceProvider UnreachableServices => _unreachable.Value.Services;

    private static IHost Open(string url) =>
        StoreHost.Build(StorageBackend.Containers, StoreNames.FullText, url, builder => builder.AddElasticsearchFullTextIndex(StoreNames.FullText));

    /// <summary>A port that was just free: nothing listens on it.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        foreach (var host in new[] { _live, _secondProcess, _unreachable }.Where(h => h.IsValueCreated))
            host.Value.Dispose();
    }
}
