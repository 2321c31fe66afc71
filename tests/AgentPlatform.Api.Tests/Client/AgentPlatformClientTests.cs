// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net;
using System.Text.Json;
using AgentPlatform.Client;
using AgentPlatform.Contracts;
using AgentPlatform.Tests.Api;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Client;

/// <summary>AgentPlatform.Client against the real services in-process: each part's calls, their main errors as
/// typed exceptions, and lists paged to their end.</summary>
[Collection(ClientPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class AgentPlatformClientTests(ClientPlatformFixture fixture)
{
    private const string KeyA = ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey;
    private readonly AgentPlatformClient _client = fixture.ClientFor(KeyA);

    private static string NewAgent() => "client-agent-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Knowledge_is_added_found_as_duplicate_read_updated_with_its_version_listed_to_the_end_and_deleted()
    {
        var agent = NewAgent();
        var added = new List<KnowledgeAddResult>();
        for (var i = 0; i < 5; i++)
            added.Add(await _client.Knowledge.AddAsync(new KnowledgeInput($"Note {i} of {agent}", $"Body {i} about marmalade.", "notes", ["Client"], AgentId: agent)));
        Assert.All(added, a => Assert.True(a.Created));
        var duplicate = await _client.Knowledge.AddAsync(new KnowledgeInput($"Note 0 of {agent}", "Body 0 about marmalade."));
        Assert.False(duplicate.Created);
        Assert.Equal(added[0].Entry.Id, duplicate.Entry.Id);

        var read = await _client.Knowledge.GetAsync(added[0].Entry.Id);
        Assert.Equal(["client"], read.Tags);
        var updated = await _client.Knowledge.UpdateAsync(read.Id, new KnowledgeInput(read.Title, "New body about jam."), expectedVersion: read.Version);
        Assert.Equal(read.Version + 1, updated.Version);
        var stale = await Assert.ThrowsAsync<AgentPlatformConflictException>(() =>
            _client.Knowledge.UpdateAsync(read.Id, new KnowledgeInput(read.Title, "Stale body."), expectedVersion: read.Version));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var listed = await _client.Knowledge.ListAsync(agentId: agent, pageSize: 2).ToListAsync();
        Assert.Equal(added.Select(a => a.Entry.Id).Reverse(), listed.Select(e => e.Id));

        var batch = await _client.Knowledge.AddBatchAsync([new KnowledgeInput($"Batch of {agent}", "Batch body."), new KnowledgeInput("", "no title")]);
        Assert.Equal((1, 1), (batch.Created, batch.Invalid));
        Assert.Contains("entries[1].title", batch.Items[1].Errors!.Keys);

        await _client.Knowledge.DeleteAsync(added[1].Entry.Id);
        Assert.Equal(nameof(KnowledgeStatus.Deleting), (await _client.Knowledge.GetAsync(added[1].Entry.Id)).Status);
        var missing = await Assert.ThrowsAsync<AgentPlatformNotFoundException>(() => _client.Knowledge.GetAsync(Guid.NewGuid()));
        Assert.Equal("Not found", missing.Title);
        Assert.Contains("does not exist", missing.Detail);
        Assert.False(string.IsNullOrEmpty(missing.TraceId));
    }

    [Fact]
    public async Task Sessions_interactions_and_conversations_are_written_and_paged_to_the_end()
    {
        var agent = NewAgent();
        var session = await _client.Sessions.StartAsync(new CreateSessionRequest(agent, "user-1"));
        Assert.Equal(SessionStatus.Active, (await _client.Sessions.GetAsync(session.Id)).Status);
        var second = await _client.Sessions.StartAsync(new CreateSessionRequest(agent));

        var one = await _client.Conversations.AppendAsync(session.Id, new MessageRequest(MessageRole.User, "message 0"));
        var rest = await _client.Conversations.AppendBatchAsync(session.Id,
            [.. Enumerable.Range(1, 6).Select(i => new MessageRequest(i % 2 == 0 ? MessageRole.User : MessageRole.Assistant, $"message {i}"))]);
        var history = await _client.Conversations.HistoryAsync(session.Id, pageSize: 3).ToListAsync();
        Assert.Equal([.. rest.Select(m => m.Id).Reverse(), one.Id], history.Select(m => m.Id));
        var firstPage = await _client.Conversations.GetPageAsync(session.Id, limit: 4);
        Assert.Equal(rest[2].Id, firstPage.NextBefore);

        await _client.Sessions.LogInteractionAsync(session.Id, new InteractionRequest(InteractionType.Query, "q", Intent: "billing", ProcessingTimeMs: 10));
        await _client.Sessions.LogInteractionsAsync(session.Id,
            [.. Enumerable.Range(0, 4).Select(i => new InteractionRequest(InteractionType.Response, $"r{i}", ProcessingTimeMs: 20 + i))]);
        Assert.Equal(5, await _client.Sessions.ListInteractionsAsync(session.Id, pageSize: 2).CountAsync());

        var ended = await _client.Sessions.EndAsync(session.Id, SessionStatus.Abandoned);
        Assert.Equal(SessionStatus.Abandoned, ended.Status);
        var again = await Assert.ThrowsAsync<AgentPlatformConflictException>(() => _client.Sessions.EndAsync(session.Id));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await Assert.ThrowsAsync<AgentPlatformConflictException>(() => _client.Sessions.LogInteractionAsync(session.Id, new InteractionRequest(InteractionType.Query, "late")));

        var sessions = await _client.Sessions.ListForAgentAsync(agent, pageSize: 1).ToListAsync();
        Assert.Equal([second.Id, session.Id], sessions.Select(s => s.Id));
        Assert.Equal([session.Id], (await _client.Sessions.ListForAgentAsync(agent, status: SessionStatus.Abandoned).ToListAsync()).Select(s => s.Id));
        await Assert.ThrowsAsync<AgentPlatformNotFoundException>(() => _client.Conversations.AppendAsync(Guid.NewGuid(), new MessageRequest(MessageRole.User, "x")));
    }

    [Fact]
    public async Task Agent_state_is_created_replaced_with_its_version_and_a_stale_or_unversioned_write_is_refused()
    {
        var agent = NewAgent();
        await Assert.ThrowsAsync<AgentPlatformNotFoundException>(() => _client.AgentState.GetAsync(agent, "plan"));
        var created = await _client.AgentState.PutAsync(agent, "plan", new { step = 1 });
        var read = await _client.AgentState.GetAsync(agent, "plan");
        Assert.Equal((created.Version, 1), (read.Version, read.Data.GetProperty("step").GetInt32()));
        var replaced = await _client.AgentState.PutAsync(agent, "plan", new { step = 2 }, read.Version);
        Assert.Equal(read.Version + 1, replaced.Version);

        var stale = await Assert.ThrowsAsync<AgentPlatformConflictException>(() => _client.AgentState.PutAsync(agent, "plan", new { step = 3 }, read.Version));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains($"current version is {replaced.Version}", stale.Detail);
        var unversioned = await Assert.ThrowsAsync<AgentPlatformConflictException>(() => _client.AgentState.PutAsync(agent, "plan", new { step = 3 }));
        Assert.Equal(HttpStatusCode.PreconditionRequired, unversioned.StatusCode);

        var versions = await _client.AgentState.HistoryAsync(agent, "plan", pageSize: 1).ToListAsync();
        Assert.Equal([2, 1], versions.Select(v => v.Data.GetProperty("step").GetInt32()));
        var invalid = await Assert.ThrowsAsync<AgentPlatformValidationException>(() => _client.AgentState.PutAsync(agent, "plan", new[] { 1, 2 }));
        Assert.Contains("body", invalid.Errors.Keys);
    }

    [Fact]
    public async Task Search_memory_analytics_and_ingestion_status_answer_from_the_tenants_indexed_data()
    {
        var agent = NewAgent();
        var entry = await _client.Knowledge.AddAsync(new KnowledgeInput("Beekeeping in winter", "Hives are wrapped in insulation so the colony survives the frost.", AgentId: agent));
        var session = await _client.Sessions.StartAsync(new CreateSessionRequest(agent));
        var message = await _client.Conversations.AppendAsync(session.Id, new MessageRequest(MessageRole.User, "Remind me that the greenhouse key hangs behind the shed door."));
        await _client.Sessions.LogInteractionAsync(session.Id, new InteractionRequest(InteractionType.Query, "where is the key", Intent: "keys", ProcessingTimeMs: 42));
        await fixture.Platform.DrainAsync();

        Assert.Equal(nameof(KnowledgeStatus.Indexed), (await _client.Knowledge.GetAsync(entry.Entry.Id)).Status);
        var found = await _client.Search.SearchAsync(new SearchRequest("keeping bees alive in the cold", SearchMode.Semantic, 1, new SearchFilters(AgentId: agent)));
        Assert.Equal(entry.Entry.Id, Assert.Single(found.Hits).EntryId);

        var recalled = await _client.Memory.SearchAsync(new MemorySearchRequest("where is the glasshouse key kept?", Filters: new MemoryFilters(AgentId: agent), Scope: MemoryScope.All));
        var hit = Assert.Single(recalled.Hits, h => h.Kind == MemoryHitKind.Message);
        Assert.Equal((message.Id, session.Id, MessageRole.User), (hit.Id, hit.SessionId!.Value, hit.Role!.Value));
        var conversations = await _client.Conversations.SearchAsync(new ConversationSearchRequest("greenhouse key", AgentId: agent));
        Assert.Equal(message.Id, Assert.Single(conversations.Hits).MessageId);

        var report = await _client.Analytics.ForAgentAsync(agent, days: 1);
        Assert.Equal((1L, 1L, 42, 1L), (report.Sessions.Total, report.Interactions.Total, report.ProcessingTime.P50Ms!.Value, report.Knowledge.Added));
        Assert.Equal("keys", Assert.Single(report.TopIntents).Name);
        // Reports are cached for 30 s per window: a window no other test of this fixture asks for sees this test's data.
        var overview = await _client.Analytics.OverviewAsync(days: 2);
        Assert.Contains(overview.MostActiveAgents!, a => a.Name == agent);
        var invalidDays = await Assert.ThrowsAsync<AgentPlatformValidationException>(() => _client.Analytics.OverviewAsync(days: 0));
        Assert.Contains("days", invalidDays.Errors.Keys);

        var status = await _client.Ingestion.StatusAsync();
        Assert.Equal(0, status.Pending);
        Assert.True(status.Indexed >= 1);

        var reindex = await _client.Ingestion.ReindexAsync(ReindexTarget.FullText);
        Assert.Equal(("fulltext", status.Indexed), (reindex.Target, (long)reindex.Queued));
        Assert.Equal(status.Indexed, (await _client.Ingestion.StatusAsync()).Pending);
        await fixture.Platform.DrainAsync();
        Assert.Equal(nameof(KnowledgeStatus.Indexed), (await _client.Knowledge.WaitUntilIndexedAsync(entry.Entry.Id, TimeSpan.FromMilliseconds(50))).Status);
    }

    [Fact]
    public async Task A_refused_request_names_the_field_and_its_limit()
    {
        var tooLong = await Assert.ThrowsAsync<AgentPlatformValidationException>(() =>
            _client.Knowledge.AddAsync(new KnowledgeInput(new string('t', 513), "content")));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("512", Assert.Single(tooLong.Errors["title"]));
        Assert.Contains("[title]", tooLong.Message);
        var noAgent = await Assert.ThrowsAsync<AgentPlatformValidationException>(() => _client.Sessions.StartAsync(new CreateSessionRequest("")));
        Assert.Contains("agentId", noAgent.Errors.Keys);
        var badQuery = await Assert.ThrowsAsync<AgentPlatformValidationException>(() => _client.Search.SearchAsync(new SearchRequest("q", Limit: 101)));
        Assert.Contains("limit", badQuery.Errors.Keys);
    }

    [Fact]
    public async Task Another_tenants_key_finds_nothing_of_this_tenant_and_a_wrong_key_is_unauthorized()
    {
        var agent = NewAgent();
        var session = await _client.Sessions.StartAsync(new CreateSessionRequest(agent));
        var entry = await _client.Knowledge.AddAsync(new KnowledgeInput($"Secret of {agent}", "Only tenant A may read this."));
        var tenantB = fixture.ClientFor(ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey);
        await Assert.ThrowsAsync<AgentPlatformNotFoundException>(() => tenantB.Sessions.GetAsync(session.Id));
        await Assert.ThrowsAsync<AgentPlatformNotFoundException>(() => tenantB.Knowledge.GetAsync(entry.Entry.Id));
        Assert.Empty(await tenantB.Sessions.ListForAgentAsync(agent).ToListAsync());

        var wrong = await Assert.ThrowsAsync<AgentPlatformException>(() => fixture.ClientFor("not-a-key").Sessions.GetAsync(session.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Every_service_reports_healthy()
    {
        var health = await _client.CheckHealthAsync();
        Assert.Equal(["ingestion-api", "search-api", "analytics-api"], health.Select(h => h.Service));
        Assert.All(health, h => Assert.Equal((true, "Healthy"), (h.Healthy, h.Status)));
    }
}
