// HTTP calls here are bounded by the server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>The fuzz test proves the 16 MiB limit in-process; this proves the configured limit behind Kestrel, where
/// the server's own limit cuts off bodies of unknown length.</summary>
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class BodyLimitTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task A_body_at_the_limit_is_stored_and_bodies_over_it_get_413_problem_details_from_kestrel()
    {
        var client = await factory.ClientAsync();
        var before = await HttpAssert.OkJsonAsync<IngestionStatus>(await client.GetAsync(IngestionStatusApi.Path));

        using var declared = new HttpRequestMessage(HttpMethod.Post, "/v1/knowledge")
        {
            Content = new ByteArrayContent(BadRequestGenerator.KnowledgeBodyOfSize(KestrelApiFactory.BodyLimit + 1)) { Headers = { { "Content-Type", "application/json" } } },
        };
        declared.Headers.ExpectContinue = true;
        var declaredProblem = await HttpAssert.ProblemAsync(await client.SendAsync(declared), HttpStatusCode.RequestEntityTooLarge);
        using var within = await client.PostAsync("/v1/knowledge", new ByteArrayContent(BadRequestGenerator.KnowledgeBodyOfSize(KestrelApiFactory.BodyLimit)) { Headers = { { "Content-Type", "application/json" } } });
        using var chunked = await client.PostAsync("/v1/knowledge", new UnknownLengthContent(KestrelApiFactory.BodyLimit + 1024));
        var chunkedProblem = await HttpAssert.ProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("65536", declaredProblem.GetProperty("detail").GetString());
        Assert.Equal(413, chunkedProblem.GetProperty("status").GetInt32());
        var after = await HttpAssert.OkJsonAsync<IngestionStatus>(await client.GetAsync(IngestionStatusApi.Path));
        Assert.Equal(HttpStatusCode.Accepted, within.StatusCode);
        Assert.Equal(before.Total + 1, after.Total);
    }
}
