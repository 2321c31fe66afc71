using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.FullText;

/// <summary>The conformance suite against a live Elasticsearch (AGENTPLATFORM_TEST_ELASTIC, a URL with user info);
/// skipped without it, except the unreachable-store test, which needs no server.</summary>
public sealed class ElasticsearchFullTextIndexTests(ElasticsearchFullTextFixture elasticsearch) : FullTextIndexConformance, IClassFixture<ElasticsearchFullTextFixture>
{
    protected override IServiceProvider Services => elasticsearch.Services;
    protected override IServiceProvider SecondProcessServices => elasticsearch.SecondProcessServices;
    protected override IServiceProvider UnreachableServices => elasticsearch.UnreachableServices;
}
