// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Tests.Relational;
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Ports;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Api;

public sealed class IngestionApiFactory() : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>;

[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class IngestionApiTests(IngestionApiFactory factory) : IClassFixture<IngestionApiFactory>
{
    private static object Entry(string title, string content = "Some content about agents.", string[]? tags = null) =>
        new { title, content, category = "docs", tags = tags ?? ["Alpha", "beta", "alpha"], source = "test" };

    [Fact]
    public async Task Post_returns_202_with_status_url_and_duplicate_returns_the_existing_entry_with_200()
    {
        var client = await factory.ClientAsync();
        var title = "Duplicate " + Guid.NewGuid();
        using var first = await client.PostAsJsonAsync("/v1/knowledge", Entry(title));
        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(first, HttpStatusCode.Accepted);
        Assert.Equal($"/v1/knowledge/{created.Id}", first.Headers.Location?.ToString());
        Assert.Equal("Pending", created.Status);
        Assert.Equal(["alpha", "beta"], created.Tags);

        using var again = await client.PostAsJsonAsync("/v1/knowledge", Entry(title));
        var duplicate = await HttpAssert.OkJsonAsync<KnowledgeResponse>(again, HttpStatusCode.OK);
        Assert.Equal(created.Id, duplicate.Id);

        var fetched = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync(created.StatusUrl));
        Assert.Equal(title, fetched.Title);
        Assert.Equal(1, fetched.Version);
    }

    [Fact]
    public async Task Invalid_input_gets_400_naming_each_field()
    {
        var client = await factory.ClientAsync();
        using var response = await client.PostAsJsonAsync("/v1/knowledge", new
        {
            title = new string('t', 513),
            content = "",
            tags = Enumerable.Range(0, 33).Select(i => $"t{i}").ToArray(),
        });
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("512", errors.GetProperty("title")[0].GetString());
        Assert.True(errors.TryGetProperty("content", out _));
        Assert.Contains("32", errors.GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task An_entry_keeps_the_agent_it_was_created_for_and_the_list_filters_by_it()
    {
        var client = await factory.ClientAsync();
        var agent = "agent-" + Guid.NewGuid().ToString("N");
        var title = "Owned " + Guid.NewGuid();
        const string content = "Owned by one agent.";

        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", new { title, content, agentId = agent }), HttpStatusCode.Accepted);
        // Duplicates are found per tenant: the same text sent for another agent returns the first entry, still the first agent's.
        var duplicate = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", new { title, content, agentId = agent + "-other" }), HttpStatusCode.OK);
        var batch = await HttpAssert.OkJsonAsync<KnowledgeBatchResponse>(await client.PostAsJsonAsync("/v1/knowledge/batch", new
        {
            entries = new object[] { new { title = title + " batch", content, agentId = agent }, new { title = title + " of no agent", content } },
        }));
        using var update = new HttpRequestMessage(HttpMethod.Put, created.StatusUrl)
        {
            Content = JsonContent.Create(new { title, content = "Rewritten.", agentId = agent + "-other" }),
        };
        var updated = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.SendAsync(update), HttpStatusCode.Accepted);
        var fetched = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync(created.StatusUrl));
        var unowned = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync(batch.Items[1].StatusUrl));
        var listed = await HttpAssert.OkJsonAsync<Page<KnowledgeSummary>>(await client.GetAsync($"/v1/knowledge?agentId={agent}&limit=100"));
        var otherSpelling = await HttpAssert.OkJsonAsync<Page<KnowledgeSummary>>(await client.GetAsync($"/v1/knowledge?agentId={agent.ToUpperInvariant()}"));

        Assert.Equal(agent, created.AgentId);
        Assert.Equal((created.Id, agent), (duplicate.Id, duplicate.AgentId));
        Assert.Equal(["created", "created"], batch.Items.Select(i => i.Outcome));
        Assert.Equal((2, agent), (updated.Version, updated.AgentId));
        Assert.Equal(("Rewritten.", agent), (fetched.Content, fetched.AgentId));
        Assert.Null(unowned.AgentId);
        Assert.Equal(new[] { created.Id, batch.Items[0].Id!.Value }.Order(), listed.Items.Select(e => e.Id).Order());
        Assert.All(listed.Items, e => Assert.Equal(agent, e.AgentId));
        Assert.Equal(2, listed.Total);
        Assert.Empty(otherSpelling.Items);
    }

    [Fact]
    public async Task An_invalid_agentId_gets_400_naming_the_field()
    {
        var client = await factory.ClientAsync();
        async Task<string?> ErrorAsync(Task<HttpResponseMessage> request, string field)
        {
            using var response = await request;
            return (await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty(field)[0].GetString();
        }
        object Body(string agentId) => new { title = "Agent " + Guid.NewGuid(), content = "text", agentId };

        Assert.Contains("128", await ErrorAsync(client.PostAsJsonAsync("/v1/knowledge", Body(new string('a', 129))), "agentId"));
        Assert.Contains("blank", await ErrorAsync(client.PostAsJsonAsync("/v1/knowledge", Body(" ")), "agentId"));
        Assert.Contains("control", await ErrorAsync(client.PostAsJsonAsync("/v1/knowledge", Body("a\u0000b")), "agentId"));
        Assert.Contains("128", await ErrorAsync(client.GetAsync($"/v1/knowledge?agentId={new string('a', 129)}"), "agentId"));
        var batch = await HttpAssert.OkJsonAsync<KnowledgeBatchResponse>(
            await client.PostAsJsonAsync("/v1/knowledge/batch", new { entries = new[] { Body("ok-agent"), Body("bad\tagent") } }));
        Assert.Equal(["created", "invalid"], batch.Items.Select(i => i.Outcome));
        Assert.True(batch.Items[1].Errors!.ContainsKey("entries[1].agentId"));
    }

    [Fact]
    public async Task Content_may_hold_C1_characters_from_a_wrong_code_page_but_not_C0_controls()
    {
        var client = await factory.ClientAsync();
        // As in BEIR SciFact document 4336849: U+0096 where Windows-1252 had an en dash.
        var mojibake = "Dose\u0096response of " + Guid.NewGuid();

        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", new { title = "Dose response", content = mojibake }), HttpStatusCode.Accepted);
        var fetched = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync(created.StatusUrl));
        using var nul = await client.PostAsJsonAsync("/v1/knowledge", new { title = "Nul", content = "a\u0000b" });
        using var c1InTitle = await client.PostAsJsonAsync("/v1/knowledge", new { title = "Dose\u0096response", content = "text" });

        Assert.Equal(mojibake, fetched.Content);
        Assert.Contains("control", (await HttpAssert.ProblemAsync(nul, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("content")[0].GetString());
        Assert.True((await HttpAssert.ProblemAsync(c1InTitle, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Malformed_json_gets_400_problem_without_stack_trace()
    {
        var client = await factory.ClientAsync();
        using var response = await client.PostAsync("/v1/knowledge", new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"));
        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batch_reports_each_item_and_stores_the_valid_ones()
    {
        var client = await factory.ClientAsync();
        var unique = Guid.NewGuid().ToString();
        using var response = await client.PostAsJsonAsync("/v1/knowledge/batch", new
        {
            entries = new object[] { Entry("A " + unique), new { title = "", content = "x" }, Entry("A " + unique), Entry("B " + unique) },
        });
        var batch = await HttpAssert.OkJsonAsync<KnowledgeBatchResponse>(response);
        Assert.Equal(["created", "invalid", "duplicate", "created"], batch.Items.Select(i => i.Outcome));
        Assert.Equal(batch.Items[0].Id, batch.Items[2].Id);
        Assert.True(batch.Items[1].Errors!.ContainsKey("entries[1].title"));
        Assert.Equal((2, 1, 1), (batch.Created, batch.Duplicates, batch.Invalid));
    }

    [Fact]
    public async Task Batch_over_the_limit_is_rejected()
    {
        var client = await factory.ClientAsync();
        var entries = Enumerable.Range(0, 1001).Select(i => Entry($"x{i}")).ToArray();
        using var response = await client.PostAsJsonAsync("/v1/knowledge/batch", new { entries });
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("1000", problem.GetProperty("errors").GetProperty("entries")[0].GetString());
    }

    [Fact]
    public async Task Put_with_stale_if_match_gets_412_and_current_version_succeeds()
    {
        var client = await factory.ClientAsync();
        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", Entry("Versioned " + Guid.NewGuid())), HttpStatusCode.Accepted);

        using var update = new HttpRequestMessage(HttpMethod.Put, created.StatusUrl) { Content = JsonContent.Create(Entry(created.Title, "New content v2")) };
        update.Headers.IfMatch.ParseAdd("\"1\"");
        var updated = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.SendAsync(update), HttpStatusCode.Accepted);
        Assert.Equal(2, updated.Version);
        Assert.Equal("Pending", updated.Status);

        using var stale = new HttpRequestMessage(HttpMethod.Put, created.StatusUrl) { Content = JsonContent.Create(Entry(created.Title, "New content v3")) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        await HttpAssert.ProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Delete_marks_deleting_and_other_tenants_see_nothing()
    {
        var client = await factory.ClientAsync();
        var other = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", Entry("Private " + Guid.NewGuid())), HttpStatusCode.Accepted);

        await HttpAssert.ProblemAsync(await other.GetAsync(created.StatusUrl), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await other.DeleteAsync(created.StatusUrl), HttpStatusCode.NotFound);
        var otherList = await HttpAssert.OkJsonAsync<JsonElement>(await other.GetAsync("/v1/knowledge?limit=500"));
        Assert.DoesNotContain(otherList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == created.Id);

        using var deleted = await client.DeleteAsync(created.StatusUrl);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var after = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync(created.StatusUrl));
        Assert.Equal("Deleting", after.Status);
    }

    [Fact]
    public async Task Ingestion_status_counts_the_tenants_entries_by_status()
    {
        var client = await factory.ClientAsync();
        var before = await HttpAssert.OkJsonAsync<IngestionStatus>(await client.GetAsync("/v1/ingestion/status"));
        await client.PostAsJsonAsync("/v1/knowledge", Entry("Counted " + Guid.NewGuid()));
        var after = await HttpAssert.OkJsonAsync<IngestionStatus>(await client.GetAsync("/v1/ingestion/status"));
        Assert.Equal(before.Pending + 1, after.Pending);
        Assert.Equal(before.Total + 1, after.Total);
    }

    [Fact]
    public async Task Ingestion_status_reports_the_rate_of_the_last_minute_and_the_time_left_at_it()
    {
        var client = await factory.ClientAsync();
        var outbox = factory.Services.GetRequiredService<IKnowledgeOutbox>();
        var before = await HttpAssert.OkJsonAsync<IngestionStatus>(await client.GetAsync(IngestionStatusApi.Path));
        var created = await HttpAssert.OkJsonAsync<KnowledgeResponse>(
            await client.PostAsJsonAsync("/v1/knowledge", Entry("Rated " + Guid.NewGuid())), HttpStatusCode.Accepted);
        // A one-tick lease: messages of other tests claimed here are at once claimable again.
        var claimed = await outbox.ClaimMessagesAsync(500, TimeSpan.FromTicks(1), DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        await outbox.CompleteUpsertAsync([claimed.Single(m => m.EntryId == created.Id)], DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        var after = await HttpAssert.OkJsonAsync<IngestionStatus>(await client.GetAsync(IngestionStatusApi.Path));

        Assert.Equal(before.IndexedLastMinute + 1, after.IndexedLastMinute);
        Assert.Equal(Math.Round(after.IndexedLastMinute / 60.0, 3), after.EntriesPerSecond);
        // The rate is above zero now (one entry was just indexed), so the time left is always given: 0 once nothing is pending.
        Assert.Equal(Math.Round(after.Pending / (after.IndexedLastMinute / 60.0), 1), after.EstimatedSecondsRemaining);
    }

    [Fact]
    public async Task Sessions_interactions_and_messages_flow_with_404_and_409()
    {
        var client = await factory.ClientAsync();
        var other = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
        var session = await HttpAssert.OkJsonAsync<JsonElement>(
            await client.PostAsJsonAsync("/v1/sessions", new { agentId = "planner", userId = "u1", metadata = new { channel = "web" } }), HttpStatusCode.Created);
        var id = session.GetProperty("id").GetGuid();

        for (var i = 0; i < 3; i++)
        {
            await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions",
                new { type = "query", input = $"question {i}", output = "answer", intent = "Lookup", processingTimeMs = 10 * i }), HttpStatusCode.Created);
        }
        var page = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync($"/v1/sessions/{id}/interactions?limit=2"));
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal("question 2", page.GetProperty("items")[0].GetProperty("input").GetString());
        Assert.Equal("lookup", page.GetProperty("items")[0].GetProperty("intent").GetString());

        await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync($"/v1/sessions/{id}/messages/batch",
            new { messages = new[] { new { role = "user", content = "hi 👋" }, new { role = "assistant", content = "hello" } } }));
        var history = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync($"/v1/sessions/{id}/messages"));
        Assert.Equal(["hello", "hi 👋"], history.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("content").GetString()));

        await HttpAssert.ProblemAsync(await other.GetAsync($"/v1/sessions/{id}/messages"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await other.PostAsJsonAsync($"/v1/sessions/{id}/interactions", new { type = "query", input = "x" }), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync($"/v1/sessions/{Guid.NewGuid()}/interactions", new { type = "query", input = "x" }), HttpStatusCode.NotFound);

        await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsync($"/v1/sessions/{id}/end", null));
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions", new { type = "query", input = "late" }), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await client.PostAsync($"/v1/sessions/{id}/end", null), HttpStatusCode.Conflict);

        var sessions = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync("/v1/agents/planner/sessions?status=completed"));
        Assert.Contains(sessions.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        var otherSessions = await HttpAssert.OkJsonAsync<JsonElement>(await other.GetAsync("/v1/agents/planner/sessions"));
        Assert.Equal(0, otherSessions.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Interactions_record_their_outcome_and_list_by_it()
    {
        var client = await factory.ClientAsync();
        var id = await NewSessionAsync(client);
        var tooLong = new string('e', InteractionRequest.MaxErrorMessageLength + 1);

        var ok = await HttpAssert.OkJsonAsync<InteractionResponse>(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions",
            new { type = "query", input = "find flights" }), HttpStatusCode.Created);
        var failed = await HttpAssert.OkJsonAsync<InteractionResponse>(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions",
            new { type = "toolCall", input = "book", success = false, errorMessage = "payment declined" }), HttpStatusCode.Created);
        var batch = await HttpAssert.OkJsonAsync<List<InteractionResponse>>(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions/batch",
            new { interactions = new object[] { new { type = "error", input = "retry", success = false }, new { type = "response", input = "done", success = true } } }));

        Assert.Equal((true, (string?)null), (ok.Success, ok.ErrorMessage));
        Assert.Equal((false, "payment declined"), (failed.Success, failed.ErrorMessage));
        Assert.Equal([false, true], batch.Select(i => i.Success));
        var failures = await HttpAssert.OkJsonAsync<Page<InteractionResponse>>(await client.GetAsync($"/v1/sessions/{id}/interactions?success=false"));
        Assert.Equal(["retry", "book"], failures.Items.Select(i => i.Input));
        Assert.Equal("payment declined", failures.Items[1].ErrorMessage);
        var successes = await HttpAssert.OkJsonAsync<Page<InteractionResponse>>(await client.GetAsync($"/v1/sessions/{id}/interactions?success=true"));
        Assert.Equal(["done", "find flights"], successes.Items.Select(i => i.Input));

        // An error message needs success false, fits 4,000 characters and is text; the list filter is true or false.
        var withSuccess = await HttpAssert.ProblemAsync(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions",
            new { type = "query", input = "x", errorMessage = "boom" }), HttpStatusCode.BadRequest);
        Assert.True(withSuccess.GetProperty("errors").TryGetProperty("errorMessage", out _));
        var explicitSuccess = await HttpAssert.ProblemAsync(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions/batch",
            new { interactions = new object[] { new { type = "query", input = "x", success = true, errorMessage = "boom" } } }), HttpStatusCode.BadRequest);
        Assert.True(explicitSuccess.GetProperty("errors").TryGetProperty("interactions[0].errorMessage", out _));
        var oversized = await HttpAssert.ProblemAsync(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions",
            new { type = "query", input = "x", success = false, errorMessage = tooLong }), HttpStatusCode.BadRequest);
        Assert.Contains("4000", oversized.GetProperty("errors").GetProperty("errorMessage")[0].GetString());
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync($"/v1/sessions/{id}/interactions",
            new { type = "query", input = "x", success = false, errorMessage = "bad\u0001" }), HttpStatusCode.BadRequest);
        var filter = await HttpAssert.ProblemAsync(await client.GetAsync($"/v1/sessions/{id}/interactions?success=no"), HttpStatusCode.BadRequest);
        Assert.True(filter.GetProperty("errors").TryGetProperty("success", out _));
        Assert.Equal(4, (await HttpAssert.OkJsonAsync<Page<InteractionResponse>>(await client.GetAsync($"/v1/sessions/{id}/interactions"))).Total);
    }

    [Fact]
    public async Task Messages_page_by_the_before_cursor_until_nextBefore_is_null()
    {
        var client = await factory.ClientAsync();
        var id = await NewSessionAsync(client);
        var otherSession = await NewSessionAsync(client);
        // One batch: 25 messages one tick apart, so their order is the order sent.
        await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync($"/v1/sessions/{id}/messages/batch",
            new { messages = Enumerable.Range(0, 25).Select(i => new { role = "user", content = $"message {i}" }) }));
        var foreignId = (await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync($"/v1/sessions/{otherSession}/messages",
            new { role = "user", content = "elsewhere" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var pages = new List<MessagePage>();
        var url = $"/v1/sessions/{id}/messages?limit=10";
        do
        {
            pages.Add(await HttpAssert.OkJsonAsync<MessagePage>(await client.GetAsync(url)));
            url = $"/v1/sessions/{id}/messages?limit=10&before={pages[^1].NextBefore}";
        } while (pages[^1].NextBefore is not null);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Items.Count));
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"message {i}"), pages.SelectMany(p => p.Items).Select(m => m.Content));
        Assert.Equal([pages[0].Items[^1].Id, pages[1].Items[^1].Id, (Guid?)null], pages.Select(p => p.NextBefore));
        Assert.Equal([0, 10, 20], pages.Select(p => p.Offset));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));

        // The cursor must be a message of this session: not text, not another session's message, not another tenant's view.
        var other = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
        foreach (var before in new[] { "not-a-guid", "", foreignId.ToString(), Guid.NewGuid().ToString() })
        {
            var problem = await HttpAssert.ProblemAsync(await client.GetAsync($"/v1/sessions/{id}/messages?before={before}"), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("before", out _), problem.ToString());
        }
        var both = await HttpAssert.ProblemAsync(await client.GetAsync($"/v1/sessions/{id}/messages?offset=10&before={pages[0].NextBefore}"), HttpStatusCode.BadRequest);
        Assert.True(both.GetProperty("errors").TryGetProperty("before", out _) && both.GetProperty("errors").TryGetProperty("offset", out _), both.ToString());
        await HttpAssert.ProblemAsync(await other.GetAsync($"/v1/sessions/{id}/messages?before={pages[0].NextBefore}"), HttpStatusCode.NotFound);
        // Offset paging still works on its own.
        var byOffset = await HttpAssert.OkJsonAsync<MessagePage>(await client.GetAsync($"/v1/sessions/{id}/messages?offset=10&limit=10"));
        Assert.Equal(pages[1].Items.Select(m => m.Id), byOffset.Items.Select(m => m.Id));
        Assert.Equal(pages[1].NextBefore, byOffset.NextBefore);
    }

    private static async Task<Guid> NewSessionAsync(HttpClient client) =>
        (await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync("/v1/sessions", new { agentId = "pager" }), HttpStatusCode.Created))
        .GetProperty("id").GetGuid();

    [Fact]
    public async Task Agent_state_uses_etags_428_and_412()
    {
        var client = await factory.ClientAsync();
        var agent = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var url = $"/v1/agents/{agent}/state/memory";
        using var created = await client.PutAsJsonAsync(url, new { step = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);

        await HttpAssert.ProblemAsync(await client.PutAsJsonAsync(url, new { step = 2 }), (HttpStatusCode)428);

        using var update = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { step = 2 }) };
        update.Headers.IfMatch.ParseAdd("\"1\"");
        using var updated = await client.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { step = 3 }) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        await HttpAssert.ProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var current = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync(url));
        Assert.Equal(2, current.GetProperty("data").GetProperty("step").GetInt32());
        var history = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync(url + "/history"));
        Assert.Equal([2L, 1L], history.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("version").GetInt64()));

        var other = await factory.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
        await HttpAssert.ProblemAsync(await other.GetAsync(url), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Requests_without_key_get_401()
    {
        var anonymous = await factory.ClientAsync(apiKey: null);
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/v1/knowledge"), HttpStatusCode.Unauthorized);
    }
}
