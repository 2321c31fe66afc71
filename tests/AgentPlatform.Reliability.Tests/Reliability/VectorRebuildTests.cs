// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Net;
using System.Net.Http.Json;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Storage.Vectors.Chroma;
using AgentPlatform.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>A lost projection is rebuilt from the record: the tenant's Chroma collection is dropped behind the
/// services' backs, POST /v1/admin/reindex?target=vectors queues every entry, the worker re-embeds them, and search
/// answers exactly as before.</summary>
[Collection(TenantPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class VectorRebuildTests(TenantPlatformFixture platform)
{
    private static readonly string[] Queries = ["polishing the brass lens", "fog in the harbour", "when are tide tables printed", "mooring boats at night"];

    [Fact]
    public async Task A_dropped_vector_collection_is_rebuilt_by_reindex_and_search_answers_as_before()
    {
        var tenant = platform.A;
        var search = await platform.ClientAsync(PlatformService.Search, tenant.Key);
        var ingestion = await platform.ClientAsync(PlatformService.Ingestion, tenant.Key);
        var vectorsBefore = await platform.Worker.Vectors.CountAsync(tenant.TenantId, CancellationToken.None);
        var before = await AnswersAsync(search);

        var workerChroma = platform.Worker.Services.GetRequiredService<ChromaVectorIndexOptions>();
        await platform.Chroma.Client.DeleteCollectionAsync(workerChroma.ChromaDatabase,
            ChromaVectorIndex.CollectionName(ChromaVectorIndexOptions.KnowledgePrefix, tenant.TenantId), CancellationToken.None);
        var lost = await SearchAsync(search, Queries[0], SearchMode.Semantic);
        using var reindex = await ingestion.PostAsync("/v1/admin/reindex?target=vectors", null);
        var accepted = await HttpAssert.OkJsonAsync<ReindexResponse>(reindex, HttpStatusCode.Accepted);
        await platform.DrainAsync();
        var status = await HttpAssert.OkJsonAsync<IngestionStatus>(await ingestion.GetAsync(IngestionStatusApi.Path));

        Assert.Empty(lost.Hits);
        Assert.True(vectorsBefore > 0);
        Assert.Equal(status.Total - status.Deleting, accepted.Queued);
        Assert.Equal((0L, 0L), (status.Pending, status.Failed));
        Assert.Equal(vectorsBefore, await platform.Worker.Vectors.CountAsync(tenant.TenantId, CancellationToken.None));
        Assert.Equal(before, await AnswersAsync(search));
    }

    /// <summary>Every query in the semantic and hybrid modes: ids in order with the semantic engine's raw score.</summary>
    private static async Task<List<string>> AnswersAsync(HttpClient search)
    {
        var answers = new List<string>();
        foreach (var mode in new[] { SearchMode.Semantic, SearchMode.Hybrid })
        {
            foreach (var query in Queries)
            {
                var response = await SearchAsync(search, query, mode);
                Assert.NotEmpty(response.Hits);
                Assert.Empty(response.Warnings);
                answers.AddRange(response.Hits.Select(h =>
                    $"{mode} '{query}': {h.EntryId} {h.Explain?.GetValueOrDefault(KnowledgeSearchService.SemanticEngine)?.RawScore:F5} {h.Score:F6}"));
            }
        }
        return answers;
    }

    private static async Task<SearchResponse> SearchAsync(HttpClient search, string query, SearchMode mode) =>
        await HttpAssert.OkJsonAsync<SearchResponse>(await search.PostAsJsonAsync("/v1/search",
            new SearchRequest(query, mode, Limit: 10, Explain: true), Json.Options));
}
