using System.Net;
using System.Net.Sockets;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Elasticsearch;
using AgentPlatform.Tests.Support;

namespace AgentPlatform.Tests.FullText;

/// <summary>The conformance suite against a live Elasticsearch (AGENTPLATFORM_TEST_ELASTIC, a URL with user info);
/// skipped without it, except the unreachable-store test, which needs no server.</summary>
public sealed class ElasticsearchFullTextIndexTests : FullTextIndexConformance
{
    protected override IFullTextIndex Index => Connect(LiveStore.Require(LiveStore.ElasticVariable));

    protected override IFullTextIndex OpenSecondInstance() => Connect(LiveStore.Require(LiveStore.ElasticVariable));

    protected override IFullTextIndex OpenUnreachable() => Connect($"http://elastic:secret@127.0.0.1:{ClosedPort()}");

    private static ElasticsearchFullTextIndex Connect(string url) => new(ElasticsearchFullTextIndex.CreateClient(url));

    /// <summary>A port that was just free: nothing listens on it.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
