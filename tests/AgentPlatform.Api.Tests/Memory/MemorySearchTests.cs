// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.Contracts;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Indexing;
using AgentPlatform.Tests.SearchApi;
using AgentPlatform.Tests.Vectors;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Memory;

/// <summary>Worker, Ingestion.Api and Search.Api in-process on one local backend with a Chroma server of its own. Tenant
/// A imported two conversations of its agent (dated in the past), tenant B one of its own; the worker embedded every
/// message into the memory collection and indexed it in full text.</summary>
public sealed class MemoryPlatformFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset ImportedAt = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string?> Unlimited = new() { ["AgentPlatform:RateLimit:PermitsPerSecond"] = "1000000" };
    private readonly ChromaServerFixture _chroma = new();

    public WorkerHost Worker { get; private set; } = null!;
    public ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint> Ingestion { get; private set; } = null!;
    public SearchHost Search { get; private set; } = null!;
    /// <summary>Search.Api whose vector store never answers: memory search must degrade to full text.</summary>
    public SearchHost SearchWithoutVectors { get; private set; } = null!;
    public HttpClient A { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;
    public HttpClient SearchA { get; private set; } = null!;
    public HttpClient SearchB { get; private set; } = null!;
    /// <summary>Tenant A's first session (travel, user "ines"), its second (a support chat of user "tomas"), B's session.</summary>
    public IReadOnlyList<MessageResponse> Travel { get; private set; } = [];
    public IReadOnlyList<MessageResponse> Support { get; private set; } = [];
    public IReadOnlyList<MessageResponse> Other { get; private set; } = [];
    /// <summary>A question, a long answer of three facts, a reply; 90 days after the travel session, for another agent.</summary>
    public IReadOnlyList<MessageResponse> Diary { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await _chroma.InitializeAsync();
        Worker = new WorkerHost(_chroma, Unlimited);
        await Worker.StartAsync();
        var shared = Worker.SharedStoreSettings();
        foreach (var (key, value) in Unlimited) shared[key] = value;
        Ingestion = new ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: shared);
        Search = new SearchHost(shared, _chroma.Endpoint.ToString());
        SearchWithoutVectors = new SearchHost(shared, "http://127.0.0.1:9");
        A = await Ingestion.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey);
        B = await Ingestion.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);

        Travel = await ImportAsync(A, "travel-agent", "ines", ImportedAt,
            ("user", "My flight to Lisbon was cancelled this morning, so I rebooked for Friday."),
            ("assistant", "I am sorry about that. Your new departure is Friday at nine."),
            ("user", "Please also book a hotel near the old town for three nights."),
            ("assistant", "Done: three nights at a guesthouse in Alfama."));
        Support = await ImportAsync(A, "travel-agent", "tomas", ImportedAt.AddDays(30),
            ("user", "The invoice from Zephyrine Okonkwo shows a duplicate charge."),
            ("assistant", "I have refunded the duplicate charge to your card."));
        Diary = await ImportAsync(A, "diary-agent", "ana", ImportedAt.AddDays(90),
            ("assistant", "What did you do today? What was the best part?"),
            ("user", "We spent the morning at the harbour market buying sardines and fresh bread. Later my sister phoned to say she got a "
                + "new job in Porto. In the evening our dog chewed through the garden hose and flooded the lawn."),
            ("assistant", "That sounds like a full day."));
        Other = await ImportAsync(B, "travel-agent", "ines", ImportedAt,
            ("user", "My flight to Lisbon was cancelled this morning, so I rebooked for Friday."));
        await DrainAsync();
        SearchA = await Search.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey);
        SearchB = await Search.ClientAsync(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
    }

    /// <summary>A session started at <paramref name="startedAt"/> with its turns one minute apart, as an agent imports history.</summary>
    public static async Task<IReadOnlyList<MessageResponse>> ImportAsync(HttpClient client, string agent, string user, DateTimeOffset startedAt,
        params (string Role, string Content)[] turns)
    {
        var session = await HttpAssert.OkJsonAsync<SessionResponse>(await client.PostAsJsonAsync("/v1/sessions",
            new { agentId = agent, userId = user, startedAt }), HttpStatusCode.Created);
        var messages = turns.Select((t, i) => new { role = t.Role, content = t.Content, createdAt = startedAt.AddMinutes(i) }).ToArray();
        return await HttpAssert.OkJsonAsync<List<MessageResponse>>(await client.PostAsJsonAsync($"/v1/sessions/{session.Id}/messages/batch", new { messages }));
    }

    public async Task DrainAsync()
    {
        await using var scope = Worker.Services.CreateAsyncScope();
        var conversations = scope.ServiceProvider.GetRequiredService<ConversationIndexer>();
        while (await conversations.RunRoundAsync(CancellationToken.None) > 0) { }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new IAsyncDisposable?[] { SearchWithoutVectors, Search, Ingestion, Worker })
        {
            if (service is not null) await service.DisposeAsync();
        }
        await _chroma.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MemoryPlatformCollection : ICollectionFixture<MemoryPlatformFixture>
{
    public const string Name = "memory platform";
}

[Collection(MemoryPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class MemorySearchTests(MemoryPlatformFixture platform)
{
    private static async Task<MemorySearchResponse> RecallAsync(HttpClient client, object request) =>
        await HttpAssert.OkJsonAsync<MemorySearchResponse>(await client.PostAsJsonAsync("/v1/memory/search", request));

    [Fact]
    public async Task A_paraphrase_sharing_no_word_with_the_message_is_recalled_by_meaning_only()
    {
        const string paraphrase = "airplane trip called off";
        var semantic = await RecallAsync(platform.SearchA, new { query = paraphrase, mode = "semantic", limit = 1 });
        var fulltext = await RecallAsync(platform.SearchA, new { query = paraphrase, mode = "fulltext", limit = 5 });

        var hit = Assert.Single(semantic.Hits);
        Assert.Equal((platform.Travel[0].Id, MemoryHitKind.Message, "ines", MessageRole.User), (hit.Id, hit.Kind, hit.UserId, hit.Role));
        Assert.Equal(platform.Travel[0].SessionId, hit.SessionId);
        // The words of the message, without the speaker it was embedded with.
        Assert.Equal(platform.Travel[0].Content, hit.Text);
        Assert.DoesNotContain(fulltext.Hits, h => h.Id == platform.Travel[0].Id);
    }

    [Fact]
    public async Task A_rare_name_is_found_by_keyword_and_hybrid_finds_both_kinds_of_match()
    {
        var fulltext = await RecallAsync(platform.SearchA, new { query = "Okonkwo", mode = "fulltext" });
        var hybrid = await RecallAsync(platform.SearchA, new { query = "Okonkwo airplane trip called off", limit = 10, explain = true });

        Assert.Equal(platform.Support[0].Id, Assert.Single(fulltext.Hits).Id);
        Assert.Contains("<em>Okonkwo</em>", string.Join(" ", fulltext.Hits[0].Highlights));
        Assert.Contains(hybrid.Hits, h => h.Id == platform.Support[0].Id && h.Explain!.ContainsKey("fulltext"));
        Assert.Contains(hybrid.Hits, h => h.Id == platform.Travel[0].Id && h.Explain!.ContainsKey("semantic"));
        Assert.Equal(SearchMode.Hybrid, hybrid.Mode);
        Assert.Empty(hybrid.Warnings);
    }

    [Fact]
    public async Task A_speakers_name_finds_the_turns_they_said_though_no_turn_contains_it()
    {
        var byName = await RecallAsync(platform.SearchA, new { query = "tomas", mode = "fulltext", limit = 10 });

        // The user's own turn; the assistant's reply in that session carries no speaker name.
        Assert.Equal([platform.Support[0].Id], byName.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Filters_narrow_by_session_user_role_and_time_in_every_mode()
    {
        var travel = platform.Travel[0].SessionId.ToString("N"); // any GUID form names the session
        foreach (var mode in new[] { "semantic", "fulltext", "hybrid" })
        {
            var bySession = await RecallAsync(platform.SearchA, new { query = "duplicate charge flight hotel", mode, limit = 20, filters = new { sessionId = travel } });
            var byUser = await RecallAsync(platform.SearchA, new { query = "duplicate charge flight hotel", mode, limit = 20, filters = new { userId = "tomas" } });
            var byRole = await RecallAsync(platform.SearchA, new { query = "duplicate charge flight hotel", mode, limit = 20, filters = new { role = "assistant" } });
            var byTime = await RecallAsync(platform.SearchA, new { query = "duplicate charge flight hotel", mode, limit = 20,
                filters = new { createdFrom = MemoryPlatformFixture.ImportedAt.AddDays(1), createdTo = MemoryPlatformFixture.ImportedAt.AddDays(31) } });
            var byAgent = await RecallAsync(platform.SearchA, new { query = "duplicate charge flight hotel", mode, limit = 20, filters = new { agentId = "another-agent" } });

            Assert.All(bySession.Hits, h => Assert.Equal(platform.Travel[0].SessionId, h.SessionId));
            Assert.NotEmpty(bySession.Hits);
            Assert.All(byUser.Hits, h => Assert.Equal("tomas", h.UserId));
            Assert.NotEmpty(byUser.Hits);
            Assert.All(byRole.Hits, h => Assert.Equal(MessageRole.Assistant, h.Role));
            Assert.NotEmpty(byRole.Hits);
            Assert.All(byTime.Hits, h => Assert.Contains(h.Id, platform.Support.Select(m => m.Id)));
            Assert.NotEmpty(byTime.Hits);
            Assert.Empty(byAgent.Hits);
        }
    }

    [Fact]
    public async Task Context_turns_come_in_order_from_the_hits_own_session_and_imported_times_are_kept()
    {
        var answer = await RecallAsync(platform.SearchA, new { query = "hotel near the old town", mode = "fulltext", limit = 1, context = 2 });

        var hit = Assert.Single(answer.Hits);
        Assert.Equal(platform.Travel[2].Id, hit.Id);
        Assert.Equal(platform.Travel.Take(2).Select(m => m.Id), hit.Before!.Select(m => m.Id));
        Assert.Equal([platform.Travel[3].Id], hit.After!.Select(m => m.Id));
        Assert.Equal(MemoryPlatformFixture.ImportedAt.AddMinutes(2), hit.CreatedAt);
        Assert.Equal([.. platform.Travel.Take(2).Select(m => m.CreatedAt)], hit.Before!.Select(m => m.CreatedAt));
    }

    [Fact]
    public async Task The_turn_next_to_the_strongest_hit_is_lifted_toward_it_and_explain_says_by_which()
    {
        // Both turns of the rebooking say "Friday", the reply also "nine": it is the strongest hit, the turn before it its neighbour.
        var answer = await RecallAsync(platform.SearchA, new { query = "Friday nine", mode = "fulltext", limit = 5, explain = true });

        Assert.Equal([platform.Travel[1].Id, platform.Travel[0].Id], answer.Hits.Select(h => h.Id));
        var (strongest, neighbour) = (answer.Hits[0], answer.Hits[1]);
        Assert.Equal(1.0, strongest.Score);
        Assert.False(strongest.Explain!.ContainsKey("neighbour"));
        // The weaker of two hits scores 0 after min-max normalisation; half the strongest hit's score lifts it to 0.5.
        Assert.Equal(0.5, neighbour.Score);
        Assert.Equal(new EngineExplanation(1, 0.5), neighbour.Explain!["neighbour"]);
        Assert.Equal(2, neighbour.Explain["fulltext"].Rank);
    }

    [Fact]
    public async Task A_turn_two_away_from_the_strongest_hit_is_lifted_too()
    {
        // "Lisbon" is in the first travel turn, "hotel" in the third: one turn lies between them.
        var answer = await RecallAsync(platform.SearchA, new { query = "Lisbon hotel", mode = "fulltext", limit = 5, explain = true });

        Assert.Equal(new[] { platform.Travel[0].Id, platform.Travel[2].Id }.Order(), answer.Hits.Select(h => h.Id).Order());
        Assert.Equal(0.5, answer.Hits[1].Score);
        Assert.Equal(new EngineExplanation(1, 0.5), answer.Hits[1].Explain!["neighbour"]);
    }

    [Fact]
    public async Task A_message_is_embedded_by_passages_and_a_match_of_one_passage_shows_the_whole_message()
    {
        var diary = platform.Diary[1];
        var answer = await RecallAsync(platform.SearchA, new { query = "our puppy destroyed the watering pipe in the yard", mode = "semantic", limit = 1,
            filters = new { agentId = "diary-agent" } });

        var hit = Assert.Single(answer.Hits);
        Assert.Equal((diary.Id, diary.Content), (hit.Id, hit.Text));
        // The vector that matched holds the last sentence alone, not the market or the sister.
        var memory = platform.Worker.Services.GetRequiredKeyedService<IVectorIndex>(VectorIndexKeys.Memory);
        var embeddings = platform.Worker.Services.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>();
        var query = await embeddings.GenerateAsync(["our dog chewed through the garden hose"]);
        var passages = await memory.QueryAsync("tenant-a", query[0].Vector, 10, new SearchFilter { SessionId = diary.SessionId.ToString("D") }, CancellationToken.None);
        var best = passages[0].Record;
        Assert.Equal(diary.Id, best.EntryId);
        Assert.True(best.ChunkIndex > 0, $"passage {best.ChunkIndex}: {best.Text}");
        Assert.Contains("garden hose", best.Text);
        Assert.DoesNotContain("harbour", best.Text);
        Assert.True(passages.Count(p => p.Record.EntryId == diary.Id) > 1);
    }

    [Fact]
    public async Task Full_text_leaves_out_question_words_so_the_turn_that_asks_is_no_match()
    {
        // Without it, "what", "did" and "do" would match the question turn, which holds them twice.
        var answer = await RecallAsync(platform.SearchA, new { query = "What did the dog do?", mode = "fulltext", limit = 10, filters = new { agentId = "diary-agent" } });

        Assert.Equal([platform.Diary[1].Id], answer.Hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData("Search:Memory:NeighbourWeight", "2", null, null, "NeighbourWeight")]
    [InlineData("Search:Memory:NeighbourTurns", "0", null, null, "NeighbourTurns")]
    [InlineData("Search:Memory:SemanticWeight", "0", "Search:Memory:FullTextWeight", "0", "Search:Memory:FullTextWeight must not both be 0")]
    public async Task A_memory_setting_out_of_range_stops_search_at_start_naming_the_key(string key, string value, string? otherKey, string? otherValue, string expected)
    {
        var settings = platform.Worker.SharedStoreSettings();
        settings[key] = value;
        if (otherKey is not null) settings[otherKey] = otherValue;
        var failure = await StartFailure.ValidationMessagesAsync(() => new SearchHost(settings, "http://127.0.0.1:9"));

        Assert.Contains(expected, failure);
    }

    [Fact]
    public async Task Another_tenant_recalls_only_its_own_messages()
    {
        var b = await RecallAsync(platform.SearchB, new { query = "flight Lisbon cancelled hotel duplicate charge Okonkwo", limit = 20, context = 3 });

        Assert.Equal([platform.Other[0].Id], b.Hits.Select(h => h.Id));
        Assert.Empty(b.Hits[0].Before!);
        Assert.Empty(b.Hits[0].After!);
    }

    [Fact]
    public async Task With_the_vector_store_down_hybrid_answers_from_full_text_with_a_warning()
    {
        var client = await platform.SearchWithoutVectors.ServingClientAsync();

        var answer = await RecallAsync(client, new { query = "Okonkwo" });
        var semantic = await client.PostAsJsonAsync("/v1/memory/search", new { query = "Okonkwo", mode = "semantic" });

        Assert.Equal(platform.Support[0].Id, Assert.Single(answer.Hits).Id);
        Assert.Contains(answer.Warnings, w => w.Contains("semantic", StringComparison.Ordinal));
        await HttpAssert.ProblemAsync(semantic, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Scope_all_fuses_knowledge_entries_with_messages()
    {
        using (var added = await platform.A.PostAsJsonAsync("/v1/knowledge", new { title = "Refund policy", content = "Duplicate charges are refunded within five days.", agentId = "travel-agent" }))
            Assert.Equal(HttpStatusCode.Accepted, added.StatusCode);
        await platform.Worker.DrainAsync();

        var all = await RecallAsync(platform.SearchA, new { query = "duplicate charge refunded", scope = "all", limit = 10 });
        var knowledge = await RecallAsync(platform.SearchA, new { query = "duplicate charge refunded", scope = "knowledge", limit = 10 });

        Assert.Contains(all.Hits, h => h.Kind == MemoryHitKind.Knowledge && h.Title == "Refund policy");
        Assert.Contains(all.Hits, h => h.Kind == MemoryHitKind.Message && h.Id == platform.Support[1].Id);
        // Not vacuous: the knowledge scope finds the refund policy, and nothing but knowledge.
        Assert.Contains(knowledge.Hits, h => h.Title == "Refund policy");
        Assert.All(knowledge.Hits, h => Assert.Equal(MemoryHitKind.Knowledge, h.Kind));
    }

    [Fact]
    public async Task An_edit_and_a_delete_reach_every_projection_and_a_deleted_session_takes_its_messages_with_it()
    {
        var memory = platform.Worker.Services.GetRequiredKeyedService<IVectorIndex>(VectorIndexKeys.Memory);
        var vectorsBefore = await memory.CountAsync("tenant-a", CancellationToken.None);
        var turns = await MemoryPlatformFixture.ImportAsync(platform.A, "editing-agent", "ines", MemoryPlatformFixture.ImportedAt.AddDays(60),
            ("user", "Remind me to water the bonsai on Sunday."),
            ("user", "Also feed the axolotl named Quetzalli."));
        var session = turns[0].SessionId;
        await platform.DrainAsync();
        Assert.Equal(turns[0].Id, Assert.Single((await RecallAsync(platform.SearchA, new { query = "bonsai", mode = "fulltext" })).Hits).Id);

        var edited = await HttpAssert.OkJsonAsync<MessageResponse>(await platform.A.PutAsJsonAsync($"/v1/sessions/{session}/messages/{turns[0].Id}",
            new { content = "Remind me to repot the cactus on Sunday." }));
        using (var deleted = await platform.A.DeleteAsync($"/v1/sessions/{session}/messages/{turns[1].Id}"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        // Gone from the history at once; from the projections once the worker has run.
        Assert.Equal([turns[0].Id], (await HttpAssert.OkJsonAsync<MessagePage>(await platform.A.GetAsync($"/v1/sessions/{session}/messages"))).Items.Select(m => m.Id));
        await platform.DrainAsync();

        Assert.Equal((turns[0].CreatedAt, "ines"), (edited.CreatedAt, edited.UserId));
        Assert.Empty((await RecallAsync(platform.SearchA, new { query = "bonsai", mode = "fulltext" })).Hits);
        Assert.Equal(turns[0].Id, Assert.Single((await RecallAsync(platform.SearchA, new { query = "cactus", mode = "fulltext" })).Hits).Id);
        Assert.Equal(turns[0].Id, (await RecallAsync(platform.SearchA, new { query = "cactus", mode = "semantic", limit = 1 })).Hits[0].Id);
        foreach (var mode in new[] { "fulltext", "semantic" })
            Assert.DoesNotContain((await RecallAsync(platform.SearchA, new { query = "axolotl Quetzalli", mode, limit = 50 })).Hits, h => h.Id == turns[1].Id);
        Assert.Equal(vectorsBefore + 1, await memory.CountAsync("tenant-a", CancellationToken.None));

        using (var deleted = await platform.A.DeleteAsync($"/v1/sessions/{session}"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await platform.DrainAsync();

        await HttpAssert.ProblemAsync(await platform.A.GetAsync($"/v1/sessions/{session}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await platform.A.DeleteAsync($"/v1/sessions/{session}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await platform.A.DeleteAsync($"/v1/sessions/{session}/messages/{turns[0].Id}"), HttpStatusCode.NotFound);
        Assert.Empty((await RecallAsync(platform.SearchA, new { query = "cactus", mode = "fulltext" })).Hits);
        Assert.Equal(vectorsBefore, await memory.CountAsync("tenant-a", CancellationToken.None));
        Assert.Equal(0, (await HttpAssert.OkJsonAsync<IngestionStatus>(await platform.A.GetAsync("/v1/ingestion/status"))).Messages.Pending);
    }

    [Fact]
    public async Task Another_tenant_can_neither_edit_nor_delete_a_message_or_session()
    {
        var message = platform.Travel[0];

        await HttpAssert.ProblemAsync(await platform.B.PutAsJsonAsync($"/v1/sessions/{message.SessionId}/messages/{message.Id}", new { content = "hijack" }), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await platform.B.DeleteAsync($"/v1/sessions/{message.SessionId}/messages/{message.Id}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await platform.B.DeleteAsync($"/v1/sessions/{message.SessionId}"), HttpStatusCode.NotFound);
        var problem = await HttpAssert.ProblemAsync(await platform.A.PutAsJsonAsync($"/v1/sessions/{message.SessionId}/messages/{message.Id}", new { content = " " }), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("content", out _));
        Assert.Equal(message.Content, (await HttpAssert.OkJsonAsync<MessagePage>(await platform.A.GetAsync($"/v1/sessions/{message.SessionId}/messages"))).Items[^1].Content);
    }

    [Theory]
    [InlineData("""{"query":"x","context":11}""", "context")]
    [InlineData("""{"query":"x","context":-1}""", "context")]
    [InlineData("""{"query":"","limit":5}""", "query")]
    [InlineData("""{"query":"x","limit":0}""", "limit")]
    [InlineData("""{"query":"x","filters":{"sessionId":"not-a-session"}}""", "filters.sessionId")]
    [InlineData("""{"query":"x","filters":{"createdFrom":"2024-02-01T00:00:00Z","createdTo":"2024-01-01T00:00:00Z"}}""", "filters.createdFrom")]
    [InlineData("""{"query":"x","filters":{"userId":"a\u0001b"}}""", "filters.userId")]
    public async Task Bad_memory_search_input_is_a_400_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await platform.SearchA.PostAsync("/v1/memory/search", content), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Imported_times_are_bounded_not_in_the_future_and_not_before_1970()
    {
        var session = await HttpAssert.OkJsonAsync<SessionResponse>(await platform.A.PostAsJsonAsync("/v1/sessions", new { agentId = "bounds" }), HttpStatusCode.Created);

        var future = await platform.A.PostAsJsonAsync($"/v1/sessions/{session.Id}/messages/batch",
            new { messages = new[] { new { role = "user", content = "hello", createdAt = DateTimeOffset.UtcNow.AddDays(1) } } });
        var ancient = await platform.A.PostAsJsonAsync($"/v1/sessions/{session.Id}/messages",
            new { role = "user", content = "hello", createdAt = new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero) });
        var futureSession = await platform.A.PostAsJsonAsync("/v1/sessions", new { agentId = "bounds", startedAt = DateTimeOffset.UtcNow.AddHours(1) });

        Assert.Contains("in the future", (await HttpAssert.ProblemAsync(future, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("messages[0].createdAt")[0].GetString());
        Assert.Contains("1970", (await HttpAssert.ProblemAsync(ancient, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("createdAt")[0].GetString());
        Assert.True((await HttpAssert.ProblemAsync(futureSession, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("startedAt", out _));
        Assert.Equal(0, (await HttpAssert.OkJsonAsync<MessagePage>(await platform.A.GetAsync($"/v1/sessions/{session.Id}/messages"))).Total);
    }

    [Fact]
    public async Task Ingestion_status_counts_messages_by_indexing_state_and_a_reindex_rebuilds_the_memory_collection()
    {
        var memory = platform.Worker.Services.GetRequiredKeyedService<IVectorIndex>(VectorIndexKeys.Memory);
        var status = await HttpAssert.OkJsonAsync<IngestionStatus>(await platform.A.GetAsync("/v1/ingestion/status"));
        Assert.Equal(0, status.Messages.Pending);
        Assert.True(status.Messages.Indexed >= platform.Travel.Count + platform.Support.Count);
        var vectors = await memory.CountAsync("tenant-a", CancellationToken.None);

        var reindex = await HttpAssert.OkJsonAsync<ReindexResponse>(await platform.A.PostAsync("/v1/admin/reindex?target=vectors", null), HttpStatusCode.Accepted);
        Assert.Equal(status.Messages.Indexed, reindex.MessagesQueued);
        Assert.Equal(status.Messages.Indexed, reindex.Status.Messages.Pending);
        await platform.Worker.DrainAsync();
        await platform.DrainAsync();

        Assert.Equal(vectors, await memory.CountAsync("tenant-a", CancellationToken.None));
        var after = await HttpAssert.OkJsonAsync<IngestionStatus>(await platform.A.GetAsync("/v1/ingestion/status"));
        Assert.Equal((0L, status.Messages.Indexed, 0L), (after.Messages.Pending, after.Messages.Indexed, after.Messages.Failed));
        Assert.Equal(platform.Travel[0].Id, (await RecallAsync(platform.SearchA, new { query = "airplane trip called off", mode = "semantic", limit = 1 })).Hits[0].Id);
    }
}
