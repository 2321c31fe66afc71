using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AppHost.Tests;

/// <summary>The whole stack on the local backend: ingest through the API, the worker indexes, search finds each
/// entry exactly once; updates and deletes flow through the outbox to search. (Crashes between projection steps are
/// covered in-process by the indexing tests, process kills by <see cref="FaultTests"/>.)</summary>
[Collection(StackCollection.Name)]
public sealed class KnowledgeFlowTests(StackFixture stack)
{
    private static readonly TimeSpan IndexTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Ingested_entries_are_indexed_once_and_updates_and_deletes_reach_search()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ingestion = stack.CreateClient("ingestion-api", withKey: true);
        using var search = stack.CreateClient("search-api", withKey: true);
        var run = Guid.NewGuid().ToString("N")[..8];
        var entries = Enumerable.Range(0, 24).Select(i => new
        {
            title = $"Flow {run} note {i}",
            content = $"Observation {i} of run {run}: the agent recorded measurement number {i} about topic{i % 4}.",
            category = "flow",
            tags = new[] { $"topic{i % 4}" },
        }).ToArray();
        using var posted = await ingestion.PostAsJsonAsync("/v1/knowledge/batch", new { entries }, ct);
        var batch = JsonDocument.Parse(await posted.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.True(posted.IsSuccessStatusCode, batch.ToString());
        var ids = batch.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(24, ids.Distinct().Count());

        foreach (var id in ids)
            await WaitForEntryAsync(ingestion, id, "Indexed", ct);

        // Exactly once: each entry is one full-text hit and one fused hit, whatever the chunk count. Every entry's
        // content holds the query's words, and only this test writes category "flow", so each mode must return
        // precisely the 24 ids (an empty or short answer fails, as does a repeated entry).
        foreach (var mode in new[] { "fulltext", "hybrid" })
        {
            using var response = await search.PostAsJsonAsync("/v1/search", new
            {
                query = $"run {run} observation measurement",
                mode,
                limit = 100,
                filters = new { category = "flow" },
            }, ct);
            var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            Assert.True(response.IsSuccessStatusCode, result.ToString());
            var hitIds = result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("entryId").GetGuid()).ToList();
            Assert.Equal(ids.Order(), hitIds.Order());
        }

        // Update and delete propagate through the worker to search.
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/v1/knowledge/{ids[0]}")
        {
            Content = JsonContent.Create(new { title = $"Flow {run} renamed", content = $"Completely different words: zebra{run} giraffe.", category = "flow" }),
        };
        Assert.True((await ingestion.SendAsync(update, ct)).IsSuccessStatusCode);
        Assert.True((await ingestion.DeleteAsync($"/v1/knowledge/{ids[1]}", ct)).IsSuccessStatusCode);
        await WaitForEntryAsync(ingestion, ids[0], "Indexed", ct);
        await WaitForGoneAsync(ingestion, ids[1], ct);

        var renamed = await SearchIdsAsync(search, $"zebra{run}", "hybrid", ct);
        Assert.Equal(ids[0], renamed.First());
        var afterDelete = await SearchIdsAsync(search, $"run {run} observation measurement", "fulltext", ct);
        Assert.DoesNotContain(ids[1], afterDelete);
    }

    private static async Task<List<Guid>> SearchIdsAsync(HttpClient search, string query, string mode, CancellationToken ct)
    {
        using var response = await search.PostAsJsonAsync("/v1/search", new { query, mode, limit = 100 }, ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        return body.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("entryId").GetGuid()).ToList();
    }

    /// <summary>Waits for <paramref name="status"/>; an entry that ends Failed fails the test at once.</summary>
    private static async Task WaitForEntryAsync(HttpClient ingestion, Guid id, string status, CancellationToken ct)
    {
        var reached = await Eventually.UntilAsync($"entry {id} {status}",
            async token => JsonDocument.Parse(await ingestion.GetStringAsync($"/v1/knowledge/{id}", token)).RootElement.GetProperty("status").GetString(),
            current => current == status || current == "Failed",
            IndexTimeout, interval: TimeSpan.FromMilliseconds(200), cancellationToken: ct);
        Assert.Equal(status, reached);
    }

    private static Task WaitForGoneAsync(HttpClient ingestion, Guid id, CancellationToken ct) =>
        Eventually.AnswersAsync($"entry {id} removed", token => ingestion.GetAsync($"/v1/knowledge/{id}", token),
            answer => answer.Status == HttpStatusCode.NotFound, IndexTimeout, ct);
}
