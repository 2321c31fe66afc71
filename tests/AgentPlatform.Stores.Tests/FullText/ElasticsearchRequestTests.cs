using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Extensions;

namespace AgentPlatform.Tests.FullText;

/// <summary>Offline checks of what the Elasticsearch adapter sends and how it reads answers: requests rendered by the
/// client's own serializer, and whole adapter calls against an in-memory transport with canned responses.</summary>
public sealed class ElasticsearchRequestTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly ElasticsearchClient OfflineClient = new(new ElasticsearchClientSettings(new Uri("http://localhost:9200")));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Search_is_a_match_on_the_all_text_field_with_half_weight_fuzzy_alternatives_tenant_filters_and_content_highlight()
    {
        var filter = new SearchFilter
        {
            Category = "faq", Tags = ["eu", "finance"], AgentId = "agent-1", SessionId = "s-1", UserId = "u-1",
            From = Monday, To = Monday.AddDays(1).AddMilliseconds(250),
        };
        var json = Render(ElasticsearchRequests.Search(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "vector search", filter, Offset: 20, Limit: 10)));

        var should = json["query"]!["bool"]!["must"]!["bool"]!["should"]!.AsArray();
        Assert.Equal(2, should.Count);
        Assert.Equal("""{"match":{"all":{"query":"vector search"}}}""", should[0]!.ToJsonString());
        var fuzzy = should[1]!["match"]!["all.plain"]!;
        Assert.Equal("vector search", (string?)fuzzy["query"]);
        Assert.Equal("AUTO", (string?)fuzzy["fuzziness"]);
        Assert.Equal(50, (int?)fuzzy["max_expansions"]);
        Assert.Equal(0.5, (double?)fuzzy["boost"]);

        var filters = json["query"]!["bool"]!["filter"]!.AsArray().Select(f => f!.ToJsonString()).ToList();
        Assert.Equal(
        [
            """{"term":{"tenantId":{"value":"tenant-a"}}}""",
            """{"term":{"category":{"value":"faq"}}}""",
            """{"term":{"tags":{"value":"eu"}}}""",
            """{"term":{"tags":{"value":"finance"}}}""",
            """{"term":{"agentId":{"value":"agent-1"}}}""",
            """{"term":{"sessionId":{"value":"s-1"}}}""",
            """{"term":{"userId":{"value":"u-1"}}}""",
            """{"range":{"createdAt":{"gte":"2025-03-10T00:00:00Z","lt":"2025-03-11T00:00:00.250Z"}}}""",
        ], filters);

        var highlight = json["highlight"]!;
        Assert.Equal(["content", "content.plain"], highlight["fields"]!.AsArray().Select(f => f!.AsObject().Single().Key));
        Assert.False((bool?)highlight["require_field_match"]);
        Assert.Equal(["<em>"], Strings(highlight["pre_tags"]));
        Assert.Equal(["</em>"], Strings(highlight["post_tags"]));
        Assert.Equal(1_000_000, (int?)highlight["max_analyzed_offset"]);
        Assert.Equal(20, (int?)json["from"]);
        Assert.Equal(10, (int?)json["size"]);
        Assert.True((bool?)json["track_total_hits"]);
        Assert.Null(json["sort"]);
    }

    [Fact]
    public void Match_any_tag_is_one_terms_filter_over_the_listed_tags()
    {
        var filter = new SearchFilter { Category = "faq", Tags = ["eu", "finance"], MatchAnyTag = true };
        var search = Render(ElasticsearchRequests.Search(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "vector", filter)));
        var aggregate = Render(ElasticsearchRequests.Aggregate(FullTextIndexName.Knowledge, new FullTextAggregationRequest("tenant-a", filter)));

        string[] expected =
        [
            """{"term":{"tenantId":{"value":"tenant-a"}}}""",
            """{"term":{"category":{"value":"faq"}}}""",
            """{"terms":{"tags":["eu","finance"]}}""",
        ];
        Assert.Equal(expected, search["query"]!["bool"]!["filter"]!.AsArray().Select(f => f!.ToJsonString()));
        Assert.Equal(expected, aggregate["query"]!["bool"]!["filter"]!.AsArray().Select(f => f!.ToJsonString()));
        Assert.Equal(["""{"term":{"tenantId":{"value":"tenant-a"}}}"""],
            ElasticsearchRequests.Filters("tenant-a", new SearchFilter { MatchAnyTag = true }).Select(q => Render(q).ToJsonString()));
    }

    [Fact]
    public void Search_without_fuzziness_or_highlight_leaves_them_out()
    {
        var json = Render(ElasticsearchRequests.Search(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "vector", new SearchFilter(), Fuzzy: false, Highlight: false)));

        Assert.Equal("""{"match":{"all":{"query":"vector"}}}""", json["query"]!["bool"]!["must"]!.ToJsonString());
        Assert.Null(json["highlight"]);
    }

    [Fact]
    public void Search_without_content_excludes_it_from_the_source()
    {
        var without = Render(ElasticsearchRequests.Search(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "vector", new SearchFilter(), WithContent: false)));
        var with = Render(ElasticsearchRequests.Search(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "vector", new SearchFilter())));

        // Elasticsearch takes one field name or a list here.
        Assert.Equal("""{"excludes":"content"}""", without["_source"]!.ToJsonString());
        Assert.Null(with["_source"]);
    }

    [Fact]
    public void Search_restricted_to_ids_adds_a_terms_filter_on_the_id()
    {
        var json = Render(ElasticsearchRequests.Search(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "vector", new SearchFilter(), Ids: ["e1", "e2"])));

        Assert.Equal(
            ["""{"term":{"tenantId":{"value":"tenant-a"}}}""", """{"terms":{"id":["e1","e2"]}}"""],
            json["query"]!["bool"]!["filter"]!.AsArray().Select(f => f!.ToJsonString()));
    }

    [Fact]
    public void Search_without_text_lists_the_tenants_documents_newest_first()
    {
        var json = Render(ElasticsearchRequests.Search(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "  ", new SearchFilter())));

        Assert.Equal("""{"match_all":{}}""", json["query"]!["bool"]!["must"]!.ToJsonString());
        Assert.Equal("""{"term":{"tenantId":{"value":"tenant-a"}}}""", json["query"]!["bool"]!["filter"]!.ToJsonString());
        Assert.Equal("""{"createdAt":{"order":"desc"}}""", json["sort"]!.ToJsonString());
        Assert.Null(json["highlight"]);
    }

    [Fact]
    public void Index_template_maps_english_text_copied_into_the_all_text_field_bm25_flat_keywords_and_date_strictly()
    {
        var request = ElasticsearchRequests.IndexTemplate(FullTextIndexName.Conversations);
        var json = Render(request);

        Assert.Equal("agentplatform-conversations", request.Name.ToString());
        Assert.Equal("conversations", (string?)json["index_patterns"]);
        var mappings = json["template"]!["mappings"]!;
        Assert.Equal("strict", (string?)mappings["dynamic"]);
        var properties = mappings["properties"]!;
        foreach (var text in new[] { "title", "content", "all" })
        {
            Assert.Equal("text", (string?)properties[text]!["type"]);
            Assert.Equal("english", (string?)properties[text]!["analyzer"]);
        }
        Assert.Equal("all", (string?)properties["title"]!["copy_to"]);
        Assert.Equal("all", (string?)properties["content"]!["copy_to"]);
        Assert.Null(properties["all"]!["copy_to"]);
        // Fuzzy matching runs on the all-text field as written; highlights of those matches come from the content as written.
        Assert.Equal("standard", (string?)properties["all"]!["fields"]!["plain"]!["analyzer"]);
        Assert.Equal("standard", (string?)properties["content"]!["fields"]!["plain"]!["analyzer"]);
        Assert.Equal("""{"b":0.4,"k1":0.9,"type":"BM25"}""", json["template"]!["settings"]!["similarity"]!["default"]!.ToJsonString());
        // Only content has the words subfield that top-terms aggregations read.
        Assert.Equal("""{"analyzer":"stop","fielddata":true,"type":"text"}""", properties["content"]!["fields"]!["terms"]!.ToJsonString());
        Assert.Null(properties["title"]!["fields"]?["terms"]);
        foreach (var keyword in new[] { "id", "tenantId", "category", "tags", "agentId", "sessionId", "userId" })
            Assert.Equal("keyword", (string?)properties[keyword]!["type"]);
        Assert.Equal("date", (string?)properties["createdAt"]!["type"]);
        Assert.Null(properties["value"]);
        Assert.Equal(1, (int?)json["template"]!["settings"]!["number_of_shards"]);
    }

    [Fact]
    public void Documents_serialize_to_exactly_the_mapped_fields_but_the_copy_to_target()
    {
        var document = new FullTextDocument
        {
            Id = "d1", TenantId = "tenant-a", Title = "t", Content = "c", Category = "faq", Tags = ["x"],
            AgentId = "agent-1", SessionId = "s-1", UserId = "u-1", CreatedAt = Monday,
        };
        var source = JsonNode.Parse(OfflineClient.SourceSerializer.SerializeToString(document))!.AsObject();
        var mapped = Render(ElasticsearchRequests.IndexTemplate(FullTextIndexName.Knowledge))["template"]!["mappings"]!["properties"]!.AsObject();

        Assert.Equal(mapped.Select(p => p.Key).Where(key => key != "all").Order(), source.Select(p => p.Key).Order());
    }

    [Fact]
    public void Existing_indices_are_brought_up_to_the_template_fields_by_a_strict_put_mapping()
    {
        var request = ElasticsearchRequests.CurrentMapping(FullTextIndexName.Conversations);
        var mapping = Render(request);
        var template = Render(ElasticsearchRequests.IndexTemplate(FullTextIndexName.Conversations))["template"]!["mappings"]!;

        Assert.Equal("strict", (string?)mapping["dynamic"]);
        Assert.Equal(template["properties"]!.ToJsonString(), mapping["properties"]!.ToJsonString());
        Assert.Equal("keyword", (string?)mapping["properties"]!["userId"]!["type"]);
    }

    [Fact]
    public async Task Ensure_created_puts_the_template_creates_the_index_and_puts_the_current_mapping()
    {
        var transport = new CannedTransport("""{"acknowledged":true}""");

        await transport.Index.EnsureCreatedAsync(Ct);

        var perIndex = Enum.GetValues<FullTextIndexName>().SelectMany(index =>
        {
            var name = index == FullTextIndexName.Knowledge ? "knowledge" : "conversations";
            return new[] { $"PUT /_index_template/agentplatform-{name}", $"PUT /{name}", $"PUT /{name}/_mapping" };
        });
        Assert.Equal(perIndex, transport.Calls.Select(c => $"{c.HttpMethod} {c.Uri!.AbsolutePath}"));
    }

    [Fact]
    public void Aggregations_are_a_tenant_filtered_size_zero_search_with_each_requested_aggregation()
    {
        var json = Render(ElasticsearchRequests.Aggregate(FullTextIndexName.Knowledge, new FullTextAggregationRequest("tenant-a", new SearchFilter { AgentId = "agent-1" })
        {
            DateHistogram = CalendarInterval.Week,
            TopTermsField = "tags",
            TopTermsSize = 5,
        }));

        Assert.Equal(0, (int?)json["size"]);
        Assert.True((bool?)json["track_total_hits"]);
        Assert.Equal(2, json["query"]!["bool"]!["filter"]!.AsArray().Count);
        var aggregations = json["aggregations"]!;
        Assert.Equal("""{"calendar_interval":"week","field":"createdAt","min_doc_count":0,"time_zone":"UTC"}""", aggregations["created_histogram"]!["date_histogram"]!.ToJsonString());
        Assert.Equal(["created_histogram", "top_terms"], aggregations.AsObject().Select(a => a.Key));
        Assert.Equal("""{"field":"tags","size":5}""", aggregations["top_terms"]!["terms"]!.ToJsonString());
    }

    [Fact]
    public void The_conversation_report_asks_the_conversations_index_for_days_words_and_roles_of_an_agents_window()
    {
        var window = new SearchFilter { AgentId = "planner", From = Monday, To = Monday.AddDays(7) };
        var words = Render(ElasticsearchRequests.Aggregate(FullTextIndexName.Conversations, new FullTextAggregationRequest("tenant-a", window)
        {
            DateHistogram = CalendarInterval.Day,
            TopTermsField = "content",
            TopTermsSize = 10,
        }));
        var roles = Render(ElasticsearchRequests.Aggregate(FullTextIndexName.Conversations, new FullTextAggregationRequest("tenant-a", window) { TopTermsField = "tags", TopTermsSize = 4 }));

        Assert.Equal(
        [
            """{"term":{"tenantId":{"value":"tenant-a"}}}""",
            """{"term":{"agentId":{"value":"planner"}}}""",
            """{"range":{"createdAt":{"gte":"2025-03-10T00:00:00Z","lt":"2025-03-17T00:00:00Z"}}}""",
        ], words["query"]!["bool"]!["filter"]!.AsArray().Select(f => f!.ToJsonString()));
        Assert.Equal("""{"calendar_interval":"day","field":"createdAt","min_doc_count":0,"time_zone":"UTC"}""", words["aggregations"]!["created_histogram"]!["date_histogram"]!.ToJsonString());
        Assert.Equal("""{"field":"content.terms","size":10}""", words["aggregations"]!["top_terms"]!["terms"]!.ToJsonString());
        Assert.Equal("""{"field":"tags","size":4}""", roles["aggregations"]!["top_terms"]!["terms"]!.ToJsonString());
        Assert.Null(roles["aggregations"]!["created_histogram"]);
    }

    [Fact]
    public void Aggregations_not_asked_for_are_not_requested()
    {
        var json = Render(ElasticsearchRequests.Aggregate(FullTextIndexName.Knowledge, new FullTextAggregationRequest("tenant-a", new SearchFilter())));

        Assert.True(json["aggregations"] is null || json["aggregations"]!.AsObject().Count == 0);
    }

    [Fact]
    public async Task Index_sends_a_bulk_of_tenant_qualified_ids_and_waits_for_refresh()
    {
        var transport = new CannedTransport("""{"took":1,"errors":false,"items":[{"index":{"_index":"knowledge","_id":"tenant-a:d1","status":201,"result":"created"}}]}""");
        var document = new FullTextDocument { Id = "d1", TenantId = "tenant-a", Title = "Title", Content = "Body", CreatedAt = Monday };

        await transport.Index.IndexAsync(FullTextIndexName.Knowledge, [document], Ct);

        var call = Assert.Single(transport.Calls);
        Assert.Equal("/knowledge/_bulk", call.Uri!.AbsolutePath);
        Assert.Contains("refresh=wait_for", call.Uri.Query);
        var lines = transport.RequestLines(call);
        Assert.Equal("""{"index":{"_id":"tenant-a:d1"}}""", lines[0]);
        Assert.Equal("tenant-a", (string?)JsonNode.Parse(lines[1])!["tenantId"]);
    }

    [Fact]
    public async Task Delete_sends_bulk_deletes_of_the_tenants_own_ids_only()
    {
        var transport = new CannedTransport("""{"took":1,"errors":false,"items":[{"delete":{"_index":"knowledge","_id":"tenant-a:d1","status":404,"result":"not_found"}}]}""");

        await transport.Index.DeleteAsync(FullTextIndexName.Knowledge, "tenant-a", ["d1"], Ct);

        var call = Assert.Single(transport.Calls);
        Assert.Contains("refresh=wait_for", call.Uri!.Query);
        Assert.Equal(["""{"delete":{"_id":"tenant-a:d1"}}"""], transport.RequestLines(call));
    }

    [Fact]
    public async Task Search_without_content_reads_sources_that_lack_it()
    {
        // The search answer of the test below, with the content and highlights Elasticsearch leaves out here.
        var transport = new CannedTransport(CannedSearchAnswer.Replace(
            ""","content":"The embedding worker","tags":["x","y"]""", ""","category":"faq","tags":["x"]""", StringComparison.Ordinal)
            .Replace(""","highlight":{"content.plain":["The <em>embedding</em> worker"]}""", "", StringComparison.Ordinal));

        var result = await transport.Index.SearchAsync(FullTextIndexName.Knowledge,
            new FullTextQuery("tenant-a", "worker", new SearchFilter(), Highlight: false, WithContent: false), Ct);

        var hit = Assert.Single(result.Hits);
        Assert.Equal(("d1", "Worker", "faq", ""), (hit.Document.Id, hit.Document.Title, hit.Document.Category, hit.Document.Content));
        Assert.Contains("\"_source\":{\"excludes\":\"content\"}", transport.RequestLines(Assert.Single(transport.Calls)).Single(), StringComparison.Ordinal);
    }

    private const string CannedSearchAnswer = """
        {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
         "hits":{"total":{"value":7,"relation":"eq"},"max_score":1.5,"hits":[
           {"_index":"knowledge","_id":"tenant-a:d1","_score":1.5,
            "_source":{"id":"d1","tenantId":"tenant-a","title":"Worker","content":"The embedding worker","tags":["x","y"],"createdAt":"2025-03-10T12:00:00+00:00"},"highlight":{"content.plain":["The <em>embedding</em> worker"]}}]}}
        """;

    [Fact]
    public async Task Search_reads_hits_scores_totals_and_falls_back_to_plain_highlights()
    {
        var transport = new CannedTransport(CannedSearchAnswer);

        var result = await transport.Index.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "embeddng", new SearchFilter()), Ct);

        Assert.Equal(7, result.Total);
        var hit = Assert.Single(result.Hits);
        Assert.Equal(1.5, hit.Score);
        Assert.Equal(["The <em>embedding</em> worker"], hit.Highlights);
        Assert.Equal("d1", hit.Document.Id);
        Assert.Equal(["x", "y"], hit.Document.Tags);
        Assert.Equal(Monday.AddHours(12), hit.Document.CreatedAt);
        var call = Assert.Single(transport.Calls);
        Assert.Equal("/knowledge/_search", call.Uri!.AbsolutePath);
        Assert.Contains("ignore_unavailable=true", call.Uri.Query);
    }

    [Fact]
    public async Task Aggregate_reads_every_aggregation_from_the_typed_keys_response()
    {
        var transport = new CannedTransport("""
            {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":4,"relation":"eq"},"max_score":null,"hits":[]},
             "aggregations":{
               "date_histogram#created_histogram":{"buckets":[
                 {"key_as_string":"2025-03-10T00:00:00.000Z","key":1741564800000,"doc_count":3},
                 {"key_as_string":"2025-03-11T00:00:00.000Z","key":1741651200000,"doc_count":1}]},
               "sterms#top_terms":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"alpha","doc_count":3},{"key":"beta","doc_count":1}]}}}
            """);

        var result = await transport.Index.AggregateAsync(FullTextIndexName.Knowledge, new FullTextAggregationRequest("tenant-a", new SearchFilter())
        {
            DateHistogram = CalendarInterval.Day, TopTermsField = "tags",
        }, Ct);

        Assert.Equal(4, result.Count);
        Assert.Equal([new DateBucket(Monday, 3), new DateBucket(Monday.AddDays(1), 1)], result.DateHistogram);
        Assert.Equal([new TermBucket("alpha", 3), new TermBucket("beta", 1)], result.TopTerms);
    }

    [Theory]
    [InlineData(503, typeof(StoreUnavailableException))]
    [InlineData(401, typeof(StoreUnavailableException))]
    [InlineData(400, typeof(InvalidOperationException))]
    public async Task Server_errors_surface_as_unavailable_and_bad_requests_as_invalid_operations(int status, Type expected)
    {
        var transport = new CannedTransport("""{"error":{"type":"some_exception","reason":"it failed"},"status":STATUS}""".Replace("STATUS", status.ToString()), status);

        var error = await Record.ExceptionAsync(() => transport.Index.SearchAsync(FullTextIndexName.Knowledge, new FullTextQuery("tenant-a", "x", new SearchFilter()), Ct));

        Assert.IsType(expected, error);
        Assert.Contains("it failed", error.Message);
    }

    [Fact]
    public async Task Failed_bulk_items_are_reported()
    {
        var transport = new CannedTransport("""{"took":1,"errors":true,"items":[{"index":{"_index":"knowledge","_id":"tenant-a:d1","status":400,"error":{"type":"strict_dynamic_mapping_exception","reason":"mapping set to strict"}}}]}""");
        var document = new FullTextDocument { Id = "d1", TenantId = "tenant-a", Title = "Title", Content = "Body", CreatedAt = Monday };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.Index.IndexAsync(FullTextIndexName.Knowledge, [document], Ct));

        Assert.Contains("mapping set to strict", error.Message);
    }

    [Fact]
    public void Client_takes_basic_credentials_from_the_url_user_info()
    {
        var client = ElasticsearchFullTextIndex.CreateClient("http://elastic:p%40ss@es.example:9200");

        var node = Assert.Single(client.ElasticsearchClientSettings.NodePool.Nodes);
        Assert.Equal("http://es.example:9200/", node.Uri.ToString());
        var authentication = Assert.IsType<BasicAuthentication>(client.ElasticsearchClientSettings.Authentication);
        Assert.True(authentication.TryGetAuthorizationParameters(out var parameters));
        Assert.Equal("elastic:p@ss", Encoding.UTF8.GetString(Convert.FromBase64String(parameters)));
    }

    private static JsonNode Render<T>(T request) => JsonNode.Parse(OfflineClient.RequestResponseSerializer.SerializeToString(request))!;

    private static IEnumerable<string?> Strings(JsonNode? array) => array!.AsArray().Select(n => (string?)n);

    /// <summary>An adapter over an in-memory transport that answers every call with one canned response and records the calls.</summary>
    private sealed class CannedTransport
    {
        public CannedTransport(string responseJson, int status = 200)
        {
            // Elasticsearch names itself in this header; the client refuses answers without it.
            var headers = new Dictionary<string, IEnumerable<string>> { ["x-elastic-product"] = ["Elasticsearch"] };
            var invoker = new InMemoryRequestInvoker(Encoding.UTF8.GetBytes(responseJson), status, headers: headers);
            var settings = new ElasticsearchClientSettings(invoker)
                .DisableDirectStreaming()
                .OnRequestCompleted(Calls.Add);
            Index = new ElasticsearchFullTextIndex(new ElasticsearchClient(settings));
        }

        public ElasticsearchFullTextIndex Index { get; }
        public List<ApiCallDetails> Calls { get; } = [];

        public List<string> RequestLines(ApiCallDetails call) =>
            [.. Encoding.UTF8.GetString(call.RequestBodyInBytes!).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
