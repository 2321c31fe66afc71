using System.Net.Http.Json;
using System.Text.Json;

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

        // Exactly once: each entry is one full-text hit and one fused hit, whatever the chunk count.
        using var response = await search.PostAsJsonAsync("/v1/search", new
        {
            query = $"run {run} observation measurement",
            mode = "fulltext",
            limit = 100,
            filters = new { category = "flow" },
        }, ct);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.True(response.IsSuccessStatusCode, result.ToString());
        var hitIds = result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("entryId").GetGuid()).ToList();
        Assert.Equal(hitIds.Count, hitIds.Distinct().Count());
        Assert.Subset(hitIds.ToHashSet(), ids.ToHashSet());

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

    private static async Task WaitForEntryAsync(HttpClient ingestion, Guid id, string status, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + IndexTimeout;
        while (true)
        {
            var entry = JsonDocument.Parse(await ingestion.GetStringAsync($"/v1/knowledge/{id}", ct)).RootElement;
            var current = entry.GetProperty("status").GetString();
            if (current == status) return;
            Assert.NotEqual("Failed", current);
            Assert.True(DateTime.UtcNow < deadline, $"entry {id} still {current}");
            await Task.Delay(200, ct);
        }
    }

    private static async Task WaitForGoneAsync(HttpClient ingestion, Guid id, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + IndexTimeout;
        while ((await ingestion.GetAsync($"/v1/knowledge/{id}", ct)).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, $"entry {id} was not removed");
            await Task.Delay(200, ct);
        }
    }
}
