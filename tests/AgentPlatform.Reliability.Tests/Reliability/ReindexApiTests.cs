// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Tests.Relational;
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class ReindexApiTests(ReindexApiFactory factory) : IClassFixture<ReindexApiFactory>
{
    [Fact]
    public async Task Reindex_queues_the_tenants_live_entries_once_and_progress_shows_on_the_status_url()
    {
        var tenantA = await factory.ClientAsync();
        var tenantB = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add((await HttpAssert.OkJsonAsync<KnowledgeResponse>(
                await tenantA.PostAsJsonAsync("/v1/knowledge", new { title = $"Entry {i}", content = $"Content {i}" }), HttpStatusCode.Accepted)).Id);
        await tenantB.PostAsJsonAsync("/v1/knowledge", new { title = "B entry", content = "B content" });
        await DrainOutboxAsync();
        using (var deleted = await tenantA.DeleteAsync($"/v1/knowledge/{ids[2]}"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);

        using var first = await tenantA.PostAsync("/v1/admin/reindex?target=fulltext", null);
        var accepted = await HttpAssert.OkJsonAsync<ReindexResponse>(first, HttpStatusCode.Accepted);
        var repeated = await HttpAssert.OkJsonAsync<ReindexResponse>(await tenantA.PostAsync("/v1/admin/reindex?target=FullText", null), HttpStatusCode.Accepted);
        // A full rewrite is more than a full-text one, so it is queued beside it; the vectors rewrite it already covers.
        var all = await HttpAssert.OkJsonAsync<ReindexResponse>(await tenantA.PostAsync("/v1/admin/reindex?target=All", null), HttpStatusCode.Accepted);
        var vectors = await HttpAssert.OkJsonAsync<ReindexResponse>(await tenantA.PostAsync("/v1/admin/reindex?target=vectors", null), HttpStatusCode.Accepted);

        Assert.Equal(IngestionStatusApi.Path, first.Headers.Location?.ToString());
        Assert.Equal(("fulltext", 2, IngestionStatusApi.Path), (accepted.Target, accepted.Queued, accepted.StatusUrl));
        Assert.Equal((Pending: 2L, Indexed: 0L, Failed: 0L, Deleting: 1L, Total: 3L), Counts(accepted.Status));
        Assert.Equal([("fulltext", 0), ("all", 2), ("vectors", 0)], new[] { repeated, all, vectors }.Select(r => (r.Target, r.Queued)));
        Assert.Equal((0L, 1L, 0L, 0L, 1L), Counts(await StatusAsync(tenantB)));

        await DrainOutboxAsync();

        Assert.Equal((0L, 2L, 0L, 0L, 2L), Counts(await StatusAsync(tenantA)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?target=")]
    [InlineData("?target=index")]
    [InlineData("?target=1")]
    [InlineData("?target=fulltext,vectors")]
    [InlineData("?target=%27%20OR%201%3D1%20--")]
    public async Task An_unknown_or_missing_target_is_rejected_and_queues_nothing(string query)
    {
        var client = await factory.ClientAsync();
        var before = await StatusAsync(client);

        var problem = await HttpAssert.ProblemAsync(await client.PostAsync("/v1/admin/reindex" + query, null), HttpStatusCode.BadRequest);

        Assert.Contains("fulltext", problem.GetProperty("errors").GetProperty("target")[0].GetString());
        Assert.Equal(before, await StatusAsync(client));
    }

    private static async Task<IngestionStatus> StatusAsync(HttpClient client) =>
        await HttpAssert.OkJsonAsync<IngestionStatus>(await client.GetAsync(IngestionStatusApi.Path));

    private Task DrainOutboxAsync() => OutboxDrain.CompleteAllAsync(factory.Services);

    private static (long Pending, long Indexed, long Failed, long Deleting, long Total) Counts(IngestionStatus s) =>
        (s.Pending, s.Indexed, s.Failed, s.Deleting, s.Total);
}
