// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Ports;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Vectors;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.SearchApi;

/// <summary>Search.Api over a knowledge base indexed by the worker pipeline (real ONNX, Chroma, Lucene, SQLite).</summary>
[Collection(ChromaServerCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class SearchApiTests(SearchFixture fixture) : IClassFixture<SearchFixture>
{
    private const string KeywordQuery = "XK-4471";
    private const string TypoQuery = "kuberntes evicton";
    /// <summary>No word of it (nor one within fuzzy reach) is in the refund entry, or in any other.</summary>
    private const string ParaphraseQuery = "I want my money back after buying something";

    [Theory]
    [InlineData(KeywordQuery, "fulltext", "export-error")]
    [InlineData(TypoQuery, "fulltext", "kubernetes")]
    [InlineData(ParaphraseQuery, "semantic", "refund")]
    public async Task Each_query_finds_its_entry_first_in_its_mode_and_in_the_hybrid_top_three(string query, string mode, string expected)
    {
        var client = await fixture.Search.ClientAsync();

        var own = await SearchAsync(client, new { query, mode });
        var hybrid = await SearchAsync(client, new { query, mode = "hybrid", limit = 3 });

        Assert.Equal(fixture[expected].Id, own.Hits[0].EntryId);
        Assert.Equal(fixture[expected].Title, own.Hits[0].Title);
        Assert.Contains(fixture[expected].Id, hybrid.Hits.Select(h => h.EntryId));
        Assert.True(hybrid.Hits.Count <= 3);
        Assert.Empty(own.Warnings);
        Assert.Empty(hybrid.Warnings);
    }

    [Fact]
    public async Task The_paraphrase_needs_the_semantic_engine_and_the_typo_needs_fuzzy_full_text()
    {
        var client = await fixture.Search.ClientAsync();

        var paraphraseByText = await SearchAsync(client, new { query = ParaphraseQuery, mode = "fulltext" });
        var typoByText = await SearchAsync(client, new { query = TypoQuery, mode = "fulltext" });

        Assert.Empty(paraphraseByText.Hits);
        Assert.Equal([fixture["kubernetes"].Id], typoByText.Hits.Select(h => h.EntryId));
        Assert.Contains(typoByText.Hits[0].Highlights, h => h.Contains("<em>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_simple_GET_form_searches_like_the_POST_form()
    {
        var client = await fixture.Search.ClientAsync();

        var response = await HttpAssert.OkJsonAsync<SearchResponse>(await client.GetAsync($"/v1/search?q={Uri.EscapeDataString(KeywordQuery)}&mode=fulltext&limit=5"));

        Assert.Equal(SearchMode.FullText, response.Mode);
        Assert.Equal(fixture["export-error"].Id, response.Hits[0].EntryId);
        Assert.True(response.Hits.Count <= 5);
    }

    public static TheoryData<string> Modes => ["semantic", "fulltext", "hybrid"];

    public static TheoryData<string> AllModes => ["semantic", "fulltext", "hybrid", "structured"];

    [Theory]
    [MemberData(nameof(AllModes))]
    public async Task Filters_on_category_tags_and_time_narrow_every_mode(string mode)
    {
        var client = await fixture.Search.ClientAsync();
        Task<string[]> KeysAsync(object filters) => FilteredKeysAsync(client, mode, filters);

        Assert.Equal(fixture.IdsOf(SearchFixture.TenantA).Select(KeyOf).Order(), await KeysAsync(new { }));
        Assert.Equal(["backup", "kubernetes", "password", "wifi"], await KeysAsync(new { category = "it" }));
        Assert.Equal(["export-error"], await KeysAsync(new { tags = new[] { "billing", "Errors" } }));
        Assert.Equal(["export-error", "refund"], await KeysAsync(new { tags = new[] { "billing", "errors" }, tagMatch = "any" }));
        Assert.Equal(["vacation", "wifi"], await KeysAsync(new { tags = new[] { "network", "leave" }, tagMatch = "any" }));
        Assert.Empty(await KeysAsync(new { tags = new[] { "network", "leave" }, tagMatch = "all" }));
        Assert.Equal(["password", "wifi"], await KeysAsync(new { category = "it", tags = new[] { "security", "network" }, tagMatch = "any" }));
        Assert.Equal(["kubernetes", "refund", "wifi"], await KeysAsync(new
        {
            createdFrom = SearchFixture.Day0.AddDays(3).AddHours(-12),
            createdTo = SearchFixture.Day0.AddDays(5).AddHours(12),
        }));
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public async Task An_agent_filter_keeps_only_that_agents_entries_in_every_mode(string mode)
    {
        var client = await fixture.Search.ClientAsync();
        Task<string[]> KeysAsync(object filters) => FilteredKeysAsync(client, mode, filters);

        // Tenant A's entries belong to a1, a2 or no agent; tenant B's "b-refund" belongs to an a1 of its own.
        Assert.Equal(["kubernetes", "password", "wifi"], await KeysAsync(new { agentId = "a1" }));
        Assert.Equal(["export-error", "refund"], await KeysAsync(new { agentId = "a2" }));
        Assert.Equal(["password", "wifi"], await KeysAsync(new { agentId = "a1", tags = new[] { "security", "network" }, tagMatch = "any" }));
        // Agent ids match exactly, like session agent ids: another spelling or an unknown agent finds nothing.
        Assert.Empty(await KeysAsync(new { agentId = "A1" }));
        Assert.Empty(await KeysAsync(new { agentId = "a3" }));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task An_entry_with_many_matching_chunks_appears_once(string mode)
    {
        var client = await fixture.Search.ClientAsync();
        var telescope = fixture["telescope"];
        var document = await fixture.Worker.Documents.GetAsync(telescope.TenantId, telescope.Id, TestContext.Current.CancellationToken);
        Assert.True(document!.Chunks.Count >= 3, $"the telescope entry has {document.Chunks.Count} chunks");
        Assert.All(document.Chunks, c => Assert.Contains("telescope", c.Text, StringComparison.OrdinalIgnoreCase));

        var response = await SearchAsync(client, new { query = "telescope", mode, limit = 10 });

        Assert.Equal(telescope.Id, response.Hits[0].EntryId);
        Assert.Single(response.Hits, h => h.EntryId == telescope.Id);
        Assert.Equal(response.Hits.Count, response.Hits.Select(h => h.EntryId).Distinct().Count());
        if (mode != "fulltext")
        {
            Assert.Contains("telescope", response.Hits[0].BestChunk, StringComparison.OrdinalIgnoreCase);
            Assert.InRange(response.Hits[0].BestChunkIndex!.Value, 0, document.Chunks.Count - 1);
        }
    }

    [Fact]
    public async Task Structured_mode_answers_from_the_document_store_with_the_same_hit_shape()
    {
        var client = await fixture.Search.ClientAsync();

        var structured = await SearchAsync(client, new { query = KeywordQuery, mode = "structured", explain = true });
        var paraphrase = await SearchAsync(client, new { query = ParaphraseQuery, mode = "structured" });

        Assert.Equal(SearchMode.Structured, structured.Mode);
        var hit = structured.Hits[0];
        Assert.Equal((fixture["export-error"].Id, fixture["export-error"].Title, "finance"), (hit.EntryId, hit.Title, hit.Category));
        Assert.Equal(["billing", "errors"], hit.Tags);
        Assert.Equal(1.0, hit.Score);
        Assert.Null(hit.BestChunk);
        Assert.Empty(hit.Highlights);
        Assert.Equal(["structured"], hit.Explain!.Keys);
        Assert.Equal(1, hit.Explain["structured"].Rank);
        Assert.True(hit.Explain["structured"].RawScore > 0);
        // Exact words only (stemmed): the paraphrase shares none with the refund entry ("money", "back", "buying").
        Assert.DoesNotContain(fixture["refund"].Id, paraphrase.Hits.Select(h => h.EntryId));
        Assert.Empty(structured.Warnings);
    }

    [Fact]
    public async Task Hybrid_fuses_structured_only_when_its_weight_is_above_zero()
    {
        var fused = await SearchAsync(await fixture.StructuredInHybrid.ClientAsync(), new { query = KeywordQuery, explain = true });
        var byDefault = await SearchAsync(await fixture.Search.ClientAsync(), new { query = KeywordQuery, explain = true });
        var alone = await SearchAsync(await fixture.Search.ClientAsync(), new { query = KeywordQuery, mode = "structured" });

        Assert.Equal(fixture["export-error"].Id, fused.Hits[0].EntryId);
        Assert.Equal(["fulltext", "semantic", "structured"], fused.Hits[0].Explain!.Keys.Order());
        Assert.Equal(fixture["export-error"].Id, byDefault.Hits[0].EntryId);
        Assert.All(byDefault.Hits, h => Assert.DoesNotContain("structured", h.Explain!.Keys));
        Assert.Equal(fixture["export-error"].Id, alone.Hits[0].EntryId);
    }

    [Fact]
    public async Task Hybrid_fuses_by_normalised_scores_unless_configured_to_fuse_by_rank()
    {
        var request = new { query = "refund policy for returned goods", explain = true, limit = 20 };
        var byScore = await SearchAsync(await fixture.Search.ClientAsync(), request);
        var byRank = await SearchAsync(await fixture.FusedByRank.ClientAsync(), request);

        // Search:Fusion ReciprocalRank: each score is Σ 1/(60 + rank) over the engines, over its best possible value.
        static double Rrf(SearchHit hit) => Math.Round(hit.Explain!.Values.Sum(e => 1.0 / (60 + e.Rank)) / (2.0 / 61), 6);
        Assert.True(byRank.Hits.Count > 3);
        Assert.All(byRank.Hits, h => Assert.Equal(Rrf(h), h.Score, 6));
        // The default, MinMax: each engine's scores mapped onto 0-1 and averaged, so an entry one engine alone found
        // scores at most a half, and the scores are not the rank formula's.
        var foundByOne = byScore.Hits.Where(h => h.Explain!.Count == 1).ToList();
        Assert.NotEmpty(foundByOne);
        Assert.All(foundByOne, h => Assert.InRange(h.Score, 0, 0.5));
        Assert.Contains(byScore.Hits, h => Math.Abs(Rrf(h) - h.Score) > 1e-3);
        Assert.Equal(byScore.Hits.OrderByDescending(h => h.Score).Select(h => h.EntryId), byScore.Hits.Select(h => h.EntryId));
    }

    [Fact]
    public async Task Collection_stats_give_the_tenants_collection_vector_count_and_model()
    {
        var tenantA = await HttpAssert.OkJsonAsync<CollectionStats>(await (await fixture.Search.ClientAsync()).GetAsync("/v1/admin/collection-stats"));
        var tenantB = await HttpAssert.OkJsonAsync<CollectionStats>(
            await (await fixture.Search.ClientAsync(ServiceFactory<KnowledgeSearchService>.TenantBKey)).GetAsync("/v1/admin/collection-stats"));
        using var anonymous = await (await fixture.Search.ClientAsync(apiKey: null)).GetAsync("/v1/admin/collection-stats");

        var chunksOfA = 0;
        foreach (var id in fixture.IdsOf(SearchFixture.TenantA))
            chunksOfA += (await fixture.Worker.Documents.GetAsync(SearchFixture.TenantA, id, TestContext.Current.CancellationToken))!.Chunks.Count;
        Assert.Equal(new CollectionStats(SearchFixture.TenantA, "kb_tenant-a", chunksOfA, "all-MiniLM-L6-v2/384"), tenantA);
        Assert.Equal(SearchFixture.TenantB, tenantB.TenantId);
        Assert.Equal("kb_tenant-b", tenantB.Collection);
        Assert.InRange(tenantB.Vectors, 1, chunksOfA - 1);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Explain_gives_each_engines_own_rank_and_raw_score_for_every_hit()
    {
        var client = await fixture.Search.ClientAsync();
        // Beyond the tenant's entry count, so each engine's own list holds every rank the fused list refers to.
        const int limit = 20;

        var hybrid = await SearchAsync(client, new { query = KeywordQuery, mode = "hybrid", limit, explain = true });
        var semantic = await SearchAsync(client, new { query = KeywordQuery, mode = "semantic", limit, explain = true });
        var fullText = await SearchAsync(client, new { query = KeywordQuery, mode = "fulltext", limit, explain = true });
        var structured = await SearchAsync(client, new { query = KeywordQuery, mode = "structured", limit, explain = true });
        var plain = await SearchAsync(client, new { query = KeywordQuery, mode = "hybrid", limit });

        var top = hybrid.Hits[0];
        Assert.Equal(fixture["export-error"].Id, top.EntryId);
        Assert.Equal(1, top.Explain![KnowledgeSearchService.FullTextEngine].Rank);
        Assert.True(top.Explain[KnowledgeSearchService.FullTextEngine].RawScore > 0);
        Assert.Contains(KnowledgeSearchService.SemanticEngine, top.Explain.Keys);
        Assert.Contains(top.Highlights, h => h.Contains("<em>", StringComparison.Ordinal));
        Assert.InRange(top.Score, 0.5, 1.0);
        foreach (var hit in hybrid.Hits)
        {
            Assert.NotEmpty(hit.Explain!);
            foreach (var (engine, explained) in hit.Explain!)
            {
                var own = engine switch
                {
                    KnowledgeSearchService.SemanticEngine => semantic,
                    KnowledgeSearchService.StructuredEngine => structured,
                    _ => fullText,
                };
                var ownHit = own.Hits[explained.Rank - 1];
                Assert.Equal(hit.EntryId, ownHit.EntryId);
                Assert.Equal(ownHit.Explain![engine].RawScore, explained.RawScore, 6);
            }
        }
        Assert.All(semantic.Hits, h => Assert.InRange(h.Explain![KnowledgeSearchService.SemanticEngine].RawScore, -1, 1));
        // Without explain the same hits come back, each without its explanation (an empty answer would prove nothing).
        Assert.Equal(hybrid.Hits.Select(h => h.EntryId), plain.Hits.Select(h => h.EntryId));
        Assert.All(plain.Hits, h => Assert.Null(h.Explain));
    }

    [Fact]
    public async Task With_Chroma_unreachable_hybrid_returns_text_hits_and_a_warning_naming_semantic()
    {
        var client = await fixture.ChromaDown.ServingClientAsync();

        var hybrid = await SearchAsync(client, new { query = KeywordQuery, mode = "hybrid", explain = true });
        var fullText = await SearchAsync(client, new { query = KeywordQuery, mode = "fulltext" });
        using var semanticOnly = await client.PostAsJsonAsync("/v1/search", new { query = KeywordQuery, mode = "semantic" });

        Assert.Equal(fixture["export-error"].Id, hybrid.Hits[0].EntryId);
        Assert.All(hybrid.Hits, h => Assert.DoesNotContain(KnowledgeSearchService.SemanticEngine, h.Explain!.Keys));
        Assert.Contains(KnowledgeSearchService.FullTextEngine, hybrid.Hits[0].Explain!.Keys);
        var warning = Assert.Single(hybrid.Warnings);
        Assert.StartsWith("semantic search failed", warning);
        Assert.Empty(fullText.Warnings);
        var problem = await HttpAssert.ProblemAsync(semanticOnly, HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("semantic", Assert.Single(problem.GetProperty("warnings").EnumerateArray()).GetString());
    }

    /// <summary>The vector engine answers chunk ids and similarities only; the kept hits' titles, categories, tags and
    /// best chunks come from one read of the document store.</summary>
    [Fact]
    public async Task Semantic_hits_get_their_title_category_tags_and_chunk_from_the_document_store()
    {
        var client = await fixture.Search.ClientAsync();

        var semantic = await SearchAsync(client, new { query = ParaphraseQuery, mode = "semantic" });

        Assert.Equal(fixture["refund"].Id, semantic.Hits[0].EntryId);
        Assert.Empty(semantic.Warnings);
        foreach (var hit in semantic.Hits)
        {
            var document = await fixture.Worker.Documents.GetAsync(SearchFixture.TenantA, hit.EntryId, TestContext.Current.CancellationToken);
            Assert.Equal((document!.Title, document.Category), (hit.Title, hit.Category));
            Assert.Equal(document.Tags, hit.Tags);
            Assert.Equal(document.Chunks.Single(c => c.Index == hit.BestChunkIndex).Text, hit.BestChunk);
        }
    }

    /// <summary>Without the document store the semantic ranking still stands: the same hits, unnamed, with a warning.</summary>
    [Fact]
    public async Task With_the_document_store_down_semantic_hits_keep_their_ranking_without_title_or_chunk_and_say_why()
    {
        var up = await SearchAsync(await fixture.Search.ClientAsync(), new { query = ParaphraseQuery, mode = "semantic" });
        var client = await fixture.DocumentsDown.ServingClientAsync();

        var semantic = await SearchAsync(client, new { query = ParaphraseQuery, mode = "semantic" });

        Assert.Equal(up.Hits.Select(h => (h.EntryId, h.BestChunkIndex)), semantic.Hits.Select(h => (h.EntryId, h.BestChunkIndex)));
        Assert.All(semantic.Hits, h => Assert.Equal(("", null), (h.Title, h.BestChunk)));
        var warning = Assert.Single(semantic.Warnings);
        Assert.StartsWith("documents failed", warning, StringComparison.Ordinal);
        Assert.Contains("without their chunk", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_every_engine_down_search_is_a_503_problem_naming_each_engine()
    {
        var client = await fixture.AllDown.ServingClientAsync();

        using var response = await client.PostAsJsonAsync("/v1/search", new { query = KeywordQuery });

        using var structuredResponse = await client.PostAsJsonAsync("/v1/search", new { query = KeywordQuery, mode = "structured" });

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        var warnings = problem.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.StartsWith("semantic search failed", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("fulltext search failed", StringComparison.Ordinal) && w.Contains("unavailable", StringComparison.Ordinal));
        var structuredProblem = await HttpAssert.ProblemAsync(structuredResponse, HttpStatusCode.ServiceUnavailable);
        var structuredWarning = Assert.Single(structuredProblem.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.StartsWith("structured search failed", structuredWarning, StringComparison.Ordinal);
        Assert.Contains("unavailable", structuredWarning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_never_finds_another_tenants_entries()
    {
        var tenantA = await fixture.Search.ClientAsync();
        var tenantB = await fixture.Search.ClientAsync(ServiceFactory<KnowledgeSearchService>.TenantBKey);
        var tenantBIds = fixture.IdsOf(SearchFixture.TenantB).ToHashSet();
        const string theirRefund = "Money is paid back when goods are sent back within 14 days of purchase";

        foreach (var mode in new[] { "semantic", "fulltext", "hybrid" })
        {
            var fromA = await SearchAsync(tenantA, new { query = theirRefund + " zephyrine", mode, limit = 50 });
            var fromB = await SearchAsync(tenantB, new { query = theirRefund, mode, limit = 50 });

            Assert.DoesNotContain(fromA.Hits, h => tenantBIds.Contains(h.EntryId));
            Assert.Equal(fixture["b-refund"].Id, fromB.Hits[0].EntryId);
            Assert.All(fromB.Hits, h => Assert.Contains(h.EntryId, tenantBIds));
        }
        Assert.Empty((await SearchAsync(tenantA, new { query = "zephyrine", mode = "fulltext" })).Hits);
    }

    [Fact]
    public async Task Invalid_requests_get_400_naming_the_field()
    {
        var client = await fixture.Search.ClientAsync();

        async Task<JsonElement> ErrorsAsync(Task<HttpResponseMessage> request)
        {
            using var response = await request;
            return (await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        }

        Assert.Contains("required", (await ErrorsAsync(client.PostAsJsonAsync("/v1/search", new { query = "  " }))).GetProperty("query")[0].GetString());
        Assert.Contains("between 1 and 100", (await ErrorsAsync(client.PostAsJsonAsync("/v1/search", new { query = "x", limit = 0 }))).GetProperty("limit")[0].GetString());
        Assert.True((await ErrorsAsync(client.PostAsJsonAsync("/v1/search", new { query = "x", limit = 101 }))).TryGetProperty("limit", out _));
        Assert.True((await ErrorsAsync(client.PostAsJsonAsync("/v1/search", new { query = "x", mode = "bogus" }))).TryGetProperty("mode", out _));
        Assert.True((await ErrorsAsync(client.PostAsJsonAsync("/v1/search", new { query = "x", mode = 7 }))).TryGetProperty("mode", out _));
        Assert.True((await ErrorsAsync(client.GetAsync("/v1/search?q=x&mode=bogus"))).TryGetProperty("mode", out _));
        Assert.True((await ErrorsAsync(client.GetAsync("/v1/search"))).TryGetProperty("query", out _));
        var filters = await ErrorsAsync(client.PostAsJsonAsync("/v1/search", new
        {
            query = "x",
            filters = new { tags = Enumerable.Range(0, 33).Select(i => $"t{i}"), createdFrom = SearchFixture.Day0.AddDays(1), createdTo = SearchFixture.Day0, agentId = new string('a', 129) },
        }));
        Assert.True(filters.TryGetProperty("filters.tags", out _));
        Assert.True(filters.TryGetProperty("filters.createdFrom", out _));
        Assert.Contains("longer than 128", filters.GetProperty("filters.agentId")[0].GetString());
    }

    [Fact]
    public async Task A_request_without_an_api_key_is_unauthorized()
    {
        var client = await fixture.Search.ClientAsync(apiKey: null);

        using var response = await client.PostAsJsonAsync("/v1/search", new { query = KeywordQuery });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private string KeyOf(Guid entryId) => fixture.KeyOf(entryId);

    /// <summary>The keys, sorted, of what a filtered search for "Acme handbook" returns. Every entry ends with "See the Acme
    /// handbook" and the semantic engine ranks every chunk: without filters each mode returns the whole tenant, so what
    /// comes back is what the filter lets through.</summary>
    private async Task<string[]> FilteredKeysAsync(HttpClient client, string mode, object filters)
    {
        var response = await SearchAsync(client, new { query = "Acme handbook", mode, limit = 50, filters });
        Assert.Empty(response.Warnings);
        return [.. response.Hits.Select(h => KeyOf(h.EntryId)).Order()];
    }

    private static async Task<SearchResponse> SearchAsync(HttpClient client, object request) =>
        await HttpAssert.OkJsonAsync<SearchResponse>(await client.PostAsJsonAsync("/v1/search", request));
}
