using AgentPlatform.SearchApi.Searching;

namespace AgentPlatform.Tests.Api;

/// <summary>Settings are validated when a service starts: a wrong value stops the host with a message naming the key,
/// instead of failing the requests that would use it.</summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("Search:RrfK", "0")]
    [InlineData("Search:EngineTimeout", "00:00:00")]
    [InlineData("Search:SemanticWeight", "-1")]
    [InlineData("Search:CandidateFactor", "0")]
    [InlineData("Search:MinimumCandidates", "0")]
    [InlineData("Search:QueryEmbeddingCacheSize", "-1")]
    [InlineData("Search:Fusion", "5")]
    public async Task A_wrong_search_setting_stops_Search_Api_at_start_naming_the_key(string key, string value)
    {
        // The vector store is never reached: the host stops before any store is used.
        var failure = await StartFailure.ValidationMessagesAsync(() => new ServiceFactory<KnowledgeSearchService>("http://127.0.0.1:9", new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, failure);
    }

    [Fact]
    public async Task Search_weights_that_are_all_zero_stop_Search_Api_at_start()
    {
        var failure = await StartFailure.ValidationMessagesAsync(() => new ServiceFactory<KnowledgeSearchService>("http://127.0.0.1:9", new Dictionary<string, string?>
        {
            ["Search:SemanticWeight"] = "0", ["Search:FullTextWeight"] = "0", ["Search:StructuredWeight"] = "0",
        }));

        Assert.Contains("must not all be 0", failure);
    }

    [Theory]
    [InlineData("AgentPlatform:RateLimit:PermitsPerSecond", "0")]
    [InlineData("AgentPlatform:RateLimit:Burst", "0")]
    [InlineData("AgentPlatform:MaxRequestBodyBytes", "0")]
    public async Task A_wrong_request_limit_stops_a_service_at_start_naming_the_key(string key, string value)
    {
        var failure = await StartFailure.ValidationMessagesAsync(() => new ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, failure);
    }
}
