// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using AgentPlatform.Contracts;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Writes racing each other, deletes and session ends, as an outside client sends them: every write answered
/// 2xx exists afterwards, a precondition the client never sent never fails, one of concurrent ends wins, and nothing is
/// accepted into a session after it ended.</summary>
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class WriteRaceTests(WriteRaceApiFactory factory) : IClassFixture<WriteRaceApiFactory>
{
    public enum ReAdd { Post, Batch, PutOfAnotherEntry }

    [Theory]
    [InlineData(ReAdd.Post, true)]
    [InlineData(ReAdd.Post, false)]
    [InlineData(ReAdd.Batch, true)]
    [InlineData(ReAdd.Batch, false)]
    [InlineData(ReAdd.PutOfAnotherEntry, true)]
    [InlineData(ReAdd.PutOfAnotherEntry, false)]
    public async Task The_text_of_an_entry_being_deleted_sent_again_is_a_new_entry_that_outlives_the_delete(ReAdd how, bool indexedFirst)
    {
        var client = await factory.ClientAsync();
        var text = new { title = $"Re-added {Guid.NewGuid():N}", content = "Sent again while the first copy is being deleted." };
        var first = await AddAsync(client, text);
        if (indexedFirst) await DrainOutboxAsync();
        using (var deleted = await client.DeleteAsync($"/v1/knowledge/{first.Id}"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);

        var again = how switch
        {
            ReAdd.Post => await AddAsync(client, text),
            ReAdd.Batch => await BatchAddAsync(client, text),
            _ => await PutAsync(client, (await AddAsync(client, new { title = $"Other {Guid.NewGuid():N}", content = "Another text." })).Id, text),
        };
        var duplicate = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.PostAsJsonAsync("/v1/knowledge", text));
        await DrainOutboxAsync();

        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(again.Id, duplicate.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/knowledge/{first.Id}")).StatusCode);
        var kept = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync($"/v1/knowledge/{again.Id}"));
        Assert.Equal(("Indexed", text.title), (kept.Status, kept.Title));
    }

    [Theory]
    [InlineData("\"4294967297\"")]   // 2^32 + 1: version 1 once cast to int
    [InlineData("\"4294967296\"")]   // 2^32: version 0
    [InlineData("\"2147483648\"")]   // int.MaxValue + 1
    [InlineData("\"18446744073709551617\"")] // past long
    [InlineData("W/\"4294967297\"")]
    public async Task A_version_outside_the_stored_range_never_matches(string ifMatch)
    {
        var client = await factory.ClientAsync();
        var entry = await AddAsync(client, new { title = $"Versioned {Guid.NewGuid():N}", content = "Version one." });
        var agent = $"agent-{Guid.NewGuid():N}";
        using (var created = await client.PutAsJsonAsync($"/v1/agents/{agent}/state/memory", new { step = 1 }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/knowledge/{entry.Id}") { Content = JsonContent.Create(new { title = entry.Title, content = "Version two." }) };
        put.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var state = new HttpRequestMessage(HttpMethod.Put, $"/v1/agents/{agent}/state/memory") { Content = JsonContent.Create(new { step = 2 }) };
        state.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        foreach (var response in new[] { await client.SendAsync(put), await client.SendAsync(state) })
            Assert.True(response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(1, (await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync($"/v1/knowledge/{entry.Id}"))).Version);
        Assert.Equal(1, (await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync($"/v1/agents/{agent}/state/memory"))).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Concurrent_puts_and_a_delete_without_if_match_never_fail_a_precondition()
    {
        var client = await factory.ClientAsync();
        for (var round = 0; round < 3; round++)
        {
            var entry = await AddAsync(client, new { title = $"Contended {Guid.NewGuid():N}", content = "Version one." });
            var puts = Enumerable.Range(0, 12).Select(i => client.PutAsJsonAsync($"/v1/knowledge/{entry.Id}", new { title = entry.Title, content = $"Writer {i} of round {round}." }));
            var responses = await Task.WhenAll(puts);
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
            var final = await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync($"/v1/knowledge/{entry.Id}"));
            Assert.Equal(1 + responses.Length, final.Version);

            // A delete among writers: the delete is accepted, and a writer after it finds the entry gone (404), never 409/412.
            var mixed = await Task.WhenAll(Enumerable.Range(0, 8)
                .Select(i => i == 3 ? client.DeleteAsync($"/v1/knowledge/{entry.Id}") : client.PutAsJsonAsync($"/v1/knowledge/{entry.Id}", new { title = entry.Title, content = $"Late writer {i} of round {round}." })));
            Assert.Equal(HttpStatusCode.Accepted, mixed[3].StatusCode);
            Assert.All(mixed, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.NotFound, $"{(int)r.StatusCode}"));
        }
    }

    [Fact]
    public async Task Of_concurrent_ends_exactly_one_wins_and_the_others_get_409_naming_the_winner()
    {
        var client = await factory.ClientAsync();
        for (var round = 0; round < 5; round++)
        {
            var session = await StartSessionAsync(client);
            var statuses = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? "completed" : "abandoned").ToList();
            var responses = await Task.WhenAll(statuses.Select(s => client.PostAsync($"/v1/sessions/{session}/end?status={s}", null)));

            var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
            var won = await winner.Content.ReadFromJsonAsync<JsonElement>();
            var stored = await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync($"/v1/sessions/{session}"));
            Assert.Equal(won.GetProperty("status").GetString(), stored.GetProperty("status").GetString());
            Assert.Equal(won.GetProperty("endedAt").GetDateTimeOffset(), stored.GetProperty("endedAt").GetDateTimeOffset());
            foreach (var loser in responses.Where(r => r != winner))
                Assert.Contains(stored.GetProperty("status").GetString()!, (await HttpAssert.ProblemAsync(loser, HttpStatusCode.Conflict)).GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        }
    }

    public enum Append { Interaction, InteractionBatch, Message, MessageBatch }

    [Theory]
    [InlineData(Append.Interaction)]
    [InlineData(Append.InteractionBatch)]
    [InlineData(Append.Message)]
    [InlineData(Append.MessageBatch)]
    public async Task Appends_racing_the_end_are_either_refused_or_stored_and_stamped_before_it(Append kind)
    {
        var client = await factory.ClientAsync();
        for (var round = 0; round < 5; round++)
        {
            var session = await StartSessionAsync(client);
            var appends = Enumerable.Range(0, 32).Select(i => SendAppendAsync(client, session, kind, i)).ToList();
            var end = client.PostAsync($"/v1/sessions/{session}/end", null);
            var answers = await Task.WhenAll(appends);
            using var ended = await end;

            var endedAt = (await HttpAssert.OkJsonAsync<JsonElement>(ended)).GetProperty("endedAt").GetDateTimeOffset();
            Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)a.Status}"));
            var accepted = answers.Where(a => a.Status != HttpStatusCode.Conflict).SelectMany(a => a.Stamps).ToList();
            Assert.All(accepted, stamp => Assert.True(stamp <= endedAt, $"accepted at {stamp:O}, after the end at {endedAt:O}"));
            Assert.Equal(accepted.Count, await CountStoredAsync(client, session, kind));
            // Once ended, every append is refused.
            Assert.Equal(HttpStatusCode.Conflict, (await SendAppendAsync(client, session, kind, 99)).Status);
            Assert.Equal(accepted.Count, await CountStoredAsync(client, session, kind));
        }
    }

    private sealed record AppendAnswer(HttpStatusCode Status, IReadOnlyList<DateTimeOffset> Stamps);

    private static async Task<AppendAnswer> SendAppendAsync(HttpClient client, Guid session, Append kind, int i)
    {
        var interaction = new { type = "query", input = $"step {i}", processingTimeMs = i };
        var message = new { role = "user", content = $"message {i}" };
        using var response = kind switch
        {
            Append.Interaction => await client.PostAsJsonAsync($"/v1/sessions/{session}/interactions", interaction),
            Append.InteractionBatch => await client.PostAsJsonAsync($"/v1/sessions/{session}/interactions/batch", new { interactions = new[] { interaction, interaction } }),
            Append.Message => await client.PostAsJsonAsync($"/v1/sessions/{session}/messages", message),
            _ => await client.PostAsJsonAsync($"/v1/sessions/{session}/messages/batch", new { messages = new[] { message, message } }),
        };
        if (!response.IsSuccessStatusCode) return new AppendAnswer(response.StatusCode, []);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [body];
        return new AppendAnswer(response.StatusCode, items.ConvertAll(item => item.GetProperty("createdAt").GetDateTimeOffset()));
    }

    private static async Task<long> CountStoredAsync(HttpClient client, Guid session, Append kind)
    {
        var path = kind is Append.Interaction or Append.InteractionBatch ? "interactions" : "messages";
        return (await HttpAssert.OkJsonAsync<JsonElement>(await client.GetAsync($"/v1/sessions/{session}/{path}?limit=1"))).GetProperty("total").GetInt64();
    }

    private static async Task<Guid> StartSessionAsync(HttpClient client) =>
        (await HttpAssert.OkJsonAsync<JsonElement>(await client.PostAsJsonAsync("/v1/sessions", new { agentId = "racer" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<KnowledgeResponse> AddAsync(HttpClient client, object entry) =>
        await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.PostAsJsonAsync("/v1/knowledge", entry), HttpStatusCode.Accepted);

    private static async Task<KnowledgeResponse> BatchAddAsync(HttpClient client, object entry)
    {
        var batch = await HttpAssert.OkJsonAsync<KnowledgeBatchResponse>(await client.PostAsJsonAsync("/v1/knowledge/batch", new { entries = new[] { entry } }));
        var item = Assert.Single(batch.Items);
        Assert.Equal("created", item.Outcome);
        return await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.GetAsync(item.StatusUrl));
    }

    private static async Task<KnowledgeResponse> PutAsync(HttpClient client, Guid id, object entry) =>
        await HttpAssert.OkJsonAsync<KnowledgeResponse>(await client.PutAsJsonAsync($"/v1/knowledge/{id}", entry), HttpStatusCode.Accepted);

    private Task DrainOutboxAsync() => OutboxDrain.CompleteAllAsync(factory.Services);
}
