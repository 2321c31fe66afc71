using System.Text.Json.Nodes;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Vectors.Chroma;

namespace AgentPlatform.Tests.Vectors;

/// <summary>Filter and metadata rendering, checked offline against the JSON Chroma expects.</summary>
public sealed class ChromaWhereTests
{
    [Fact]
    public void Comparisons_render_as_operator_objects_with_typed_literals()
    {
        Assert.Equal("""{"category":{"$eq":"faq"}}""", ChromaWhere.Eq("category", "faq").ToJsonString());
        Assert.Equal("""{"tag:net":{"$eq":true}}""", ChromaWhere.Eq("tag:net", true).ToJsonString());
        Assert.Equal("""{"chunkIndex":{"$eq":3}}""", ChromaWhere.Eq("chunkIndex", 3L).ToJsonString());
        Assert.Equal("""{"createdAt":{"$gte":1740830400.25}}""", ChromaWhere.Gte("createdAt", 1740830400.25).ToJsonString());
        Assert.Equal("""{"n":{"$lte":2}}""", ChromaWhere.Lte("n", 2).ToJsonString());
        Assert.Equal("""{"entryId":{"$in":["a","b\u0022"]}}""", ChromaWhere.In("entryId", ["a", "b\""]).ToJsonString());
        Assert.Throws<ArgumentException>(() => ChromaWhere.In("entryId", []));
    }

    [Fact]
    public void All_is_absent_for_no_clause_the_clause_itself_for_one_and_an_and_for_more()
    {
        var one = ChromaWhere.Eq("a", "x");
        var combined = ChromaWhere.All([one, ChromaWhere.Gte("n", 1)]);

        Assert.Null(ChromaWhere.All([]));
        Assert.Same(one, ChromaWhere.All([one]));
        Assert.Equal("""{"$and":[{"a":{"$eq":"x"}},{"n":{"$gte":1}}]}""", combined!.ToJsonString());
        Assert.Equal("""{"$and":[{"$and":[{"a":{"$eq":"x"}},{"n":{"$gte":1}}]},{"a":{"$eq":"x"}}]}""", ChromaWhere.All([combined, one])!.ToJsonString());
    }

    [Fact]
    public void Any_is_absent_for_no_clause_the_clause_itself_for_one_and_an_or_for_more()
    {
        var one = ChromaWhere.Eq("a", "x");

        Assert.Null(ChromaWhere.Any([]));
        Assert.Same(one, ChromaWhere.Any([one]));
        Assert.Equal("""{"$or":[{"a":{"$eq":"x"}},{"n":{"$gte":1}}]}""", ChromaWhere.Any([one, ChromaWhere.Gte("n", 1)])!.ToJsonString());
    }

    [Fact]
    public void Match_any_tag_becomes_one_or_over_the_tag_keys()
    {
        Assert.Equal(
            """{"$and":[{"category":{"$eq":"faq"}},{"$or":[{"tag:net":{"$eq":true}},{"tag:azure":{"$eq":true}}]}]}""",
            ChromaVectorIndex.ToWhere(new SearchFilter { Category = "faq", Tags = ["net", "azure"], MatchAnyTag = true })!.ToJsonString());
        Assert.Equal("""{"tag:net":{"$eq":true}}""", ChromaVectorIndex.ToWhere(new SearchFilter { Tags = ["net"], MatchAnyTag = true })!.ToJsonString());
        Assert.Null(ChromaVectorIndex.ToWhere(new SearchFilter { MatchAnyTag = true }));
    }

    [Fact]
    public void A_search_filter_becomes_category_agent_tag_and_time_clauses()
    {
        var filter = new SearchFilter
        {
            Category = "how-to",
            Tags = ["net", "日本"],
            AgentId = "support-bot",
            From = DateTimeOffset.FromUnixTimeMilliseconds(1_000_250),
            To = DateTimeOffset.FromUnixTimeSeconds(2_000),
        };

        Assert.Equal(
            """{"$and":[{"category":{"$eq":"how-to"}},{"agentId":{"$eq":"support-bot"}},{"tag:net":{"$eq":true}},{"tag:\u65E5\u672C":{"$eq":true}},{"createdAt":{"$gte":1000.25}},{"createdAt":{"$lt":2000}}]}""",
            ChromaVectorIndex.ToWhere(filter)!.ToJsonString());
        Assert.Equal("""{"agentId":{"$eq":"a\u0022b"}}""", ChromaVectorIndex.ToWhere(new SearchFilter { AgentId = "a\"b" })!.ToJsonString());
        // Memory chunks carry session and user (knowledge chunks never do, and knowledge search never sets them).
        Assert.Equal("""{"$and":[{"sessionId":{"$eq":"s1"}},{"userId":{"$eq":"u1"}}]}""",
            ChromaVectorIndex.ToWhere(new SearchFilter { SessionId = "s1", UserId = "u1" })!.ToJsonString());
    }

    [Fact]
    public void Record_metadata_holds_scalars_with_the_agent_and_one_boolean_key_per_tag()
    {
        var entryId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var metadata = ChromaVectorIndex.ToMetadata(new VectorRecord
        {
            Id = VectorRecord.ChunkId(entryId, 2),
            EntryId = entryId,
            ChunkIndex = 2,
            Text = "t",
            Embedding = new float[] { 1 },
            Category = "faq",
            Tags = ["a|b", "c"],
            AgentId = "support-bot",
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_740_830_400_250),
        });

        Assert.Equal(
            """{"entryId":"0f8fad5bd9cb469fa16570867728950e","chunkIndex":2,"tags":"[\u0022a|b\u0022,\u0022c\u0022]","createdAt":1740830400.25,"category":"faq","agentId":"support-bot","tag:a|b":true,"tag:c":true}""",
            metadata.ToJsonString());
        Assert.All(metadata, p => Assert.IsAssignableFrom<JsonValue>(p.Value));
    }
}
