using AgentPlatform.Contracts;
using System.Text.Json.Nodes;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Bad requests for Search.Api (knowledge search, POST and GET, and conversation search) and Analytics.Api
/// (agent report and overview), built from the same hostile values as the Ingestion.Api cases. Requests are sent with
/// tenant A's key unless a case is about the key; a well-formed request carrying a hostile literal is answered 200,
/// with no hits where the literal is a filter nothing carries, and with the tenant's own hits where it is the query.</summary>
public sealed partial class BadRequestGenerator
{
    private const string KnowledgeSearch = "/v1/search";
    private const string ConversationSearch = "/v1/conversations/search";

    /// <summary>A field of a search body. Path is "name" or "parent.name"; Oversized is refused with 400 where the
    /// service bounds the field, else it is a literal that matches nothing; Literal is what a hostile string gets.</summary>
    private sealed record ReadField(string Path, Kind Kind, Func<JsonNode> Oversized, FuzzOutcome OversizedOutcome, FuzzOutcome Literal);

    private sealed record ReadEndpoint(string Url, Func<JsonObject> Valid, ReadField[] Fields);

    private static readonly string[] ControlLiterals = ["a\u0000b", "\u001b[31mred", "a\u0007b", "a\u007fb", "a\u0085b", "tab\there", "line\nbreak"];

    private static readonly string[] BadDays = ["0", "366", "-1", "+7", " 7", "7 ", "7.0", "1e2", "0x10", "\u0663", "seven", "", .. BadPaging];

    private static JsonArray TagList(int count) => new(Enumerable.Range(0, count).Select(i => (JsonNode)JsonValue.Create($"t{i}")).ToArray());

    private ReadEndpoint KnowledgeSearchEndpoint() => new(KnowledgeSearch,
        () => new JsonObject { ["query"] = "lens polish", ["mode"] = Pick(["hybrid", "semantic", "fulltext"]), ["limit"] = 10 },
        [
            new("query", Kind.Text, () => Text(2049), FuzzOutcome.Rejected, FuzzOutcome.OwnHits),
            new("mode", Kind.Enum, () => Text(17), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("limit", Kind.Number, () => JsonValue.Create(101), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("filters.category", Kind.Label, () => Text(129), FuzzOutcome.Rejected, FuzzOutcome.NoHits),
            new("filters.tags", Kind.Tags, () => TagList(33), FuzzOutcome.Rejected, FuzzOutcome.NoHits),
            new("filters.tagMatch", Kind.Enum, () => Text(17), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("filters.agentId", Kind.Label, () => Text(129), FuzzOutcome.Rejected, FuzzOutcome.NoHits),
            new("filters.createdFrom", Kind.Timestamp, () => Text(40, '9'), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("filters.createdTo", Kind.Timestamp, () => Text(40, '9'), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
        ]);

    private ReadEndpoint ConversationSearchEndpoint() => new(ConversationSearch,
        () => new JsonObject { ["query"] = "built", ["limit"] = 10, ["offset"] = 0 },
        [
            new("query", Kind.Text, () => Text(2049), FuzzOutcome.Rejected, FuzzOutcome.OwnHits),
            new("agentId", Kind.Label, () => Text(129), FuzzOutcome.Rejected, FuzzOutcome.NoHits),
            new("userId", Kind.Label, () => Text(129), FuzzOutcome.Rejected, FuzzOutcome.NoHits),
            new("sessionId", Kind.Label, () => Text(129), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("from", Kind.Timestamp, () => Text(40, '9'), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("to", Kind.Timestamp, () => Text(40, '9'), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("limit", Kind.Number, () => JsonValue.Create(101), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
            new("offset", Kind.Number, () => JsonValue.Create(9_991), FuzzOutcome.Rejected, FuzzOutcome.Rejected),
        ]);

    /// <summary>The fixed cases for Search.Api, then <paramref name="randomCases"/> drawn at random.</summary>
    public IReadOnlyList<FuzzCase> GenerateSearch(int randomCases)
    {
        var cases = new List<FuzzCase>();
        var deepArrays = new string('[', 10_000) + new string(']', 10_000);
        foreach (var endpoint in new[] { KnowledgeSearchEndpoint(), ConversationSearchEndpoint() })
        {
            cases.Add(ReadCase("10,000 nested arrays", HttpMethod.Post, endpoint.Url, Json(deepArrays), status: 400));
            cases.Add(ReadCase("query nested 10,000 deep", HttpMethod.Post, endpoint.Url, Json(WithRawAt(endpoint.Valid(), "query", deepArrays)), status: 400));
            cases.Add(ReadCase("body over 16 MiB chunked", HttpMethod.Post, endpoint.Url, () => new UnknownLengthContent(MaxBodyBytes + 1024), status: 413));
            foreach (var field in endpoint.Fields)
            {
                var body = endpoint.Valid();
                Place(body, field.Path, field.Oversized());
                cases.Add(ReadCase($"oversized {field.Path}", HttpMethod.Post, endpoint.Url, Json(body.ToJsonString()), field.OversizedOutcome));
            }
        }
        cases.Add(ReadCase("search without a query", HttpMethod.Get, KnowledgeSearch, status: 400));
        cases.Add(ReadCase("offset + limit past int range", HttpMethod.Post, ConversationSearch,
            Json(new JsonObject { ["query"] = "built", ["offset"] = int.MaxValue, ["limit"] = 100 }.ToJsonString()), status: 400));
        var generators = new Func<FuzzCase>[]
        {
            () => ReadBodyCase(KnowledgeSearchEndpoint()), () => ReadBodyCase(KnowledgeSearchEndpoint()), () => ReadBodyCase(KnowledgeSearchEndpoint()),
            () => ReadBodyCase(ConversationSearchEndpoint()), () => ReadBodyCase(ConversationSearchEndpoint()),
            SearchQueryStringCase, SearchQueryStringCase, SearchKeyOrMethodCase,
        };
        for (var i = 0; i < randomCases; i++)
            cases.Add(Pick(generators)());
        return cases;
    }

    /// <summary>Random cases for Analytics.Api: bad days, hostile and malformed agent ids, bad keys and methods.</summary>
    public IReadOnlyList<FuzzCase> GenerateAnalytics(int randomCases)
    {
        var cases = new List<FuzzCase>();
        for (var i = 0; i < randomCases; i++)
            cases.Add(AnalyticsCase());
        return cases;
    }

    private FuzzCase ReadCase(string description, HttpMethod method, string url, Func<HttpContent>? body = null,
        FuzzOutcome expect = FuzzOutcome.Rejected, int? status = null, string? apiKey = KeyA, params KeyValuePair<string, string>[] headers) =>
        Case(description, method, url, body, expect, status ?? (expect == FuzzOutcome.Rejected ? 400 : null), apiKey, headers) with { OwnIds = targets.OwnIds };

    /// <summary>Sets a "name" or "parent.name" field, creating the parent object.</summary>
    private static void Place(JsonObject body, string path, JsonNode? value)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            body[path] = value;
            return;
        }
        if (body[path[..dot]] is not JsonObject parent)
            body[path[..dot]] = parent = new JsonObject();
        parent[path[(dot + 1)..]] = value;
    }

    private static string WithRawAt(JsonObject body, string path, string rawJson) => WithRaw(body, marker => Place(body, path, marker), rawJson);

    /// <summary>A search body with one thing wrong with it, or one hostile but well-formed value.</summary>
    private FuzzCase ReadBodyCase(ReadEndpoint endpoint)
    {
        var url = endpoint.Url;
        var valid = endpoint.Valid();
        var strings = endpoint.Fields.Where(f => f.Kind is Kind.Label or Kind.Text).ToList();
        switch (random.Next(15))
        {
            case 0: return ReadCase("truncated JSON", HttpMethod.Post, url, Json(Truncated(valid)));
            case 1: return ReadCase("malformed JSON", HttpMethod.Post, url, Json(Pick(MalformedJson)));
            case 2: return ReadCase("body is not an object", HttpMethod.Post, url, Json(Pick(NonObjectJson)));
            case 3:
            {
                var field = Pick(endpoint.Fields);
                var (value, description) = WrongType(field.Kind);
                Place(valid, field.Path, value);
                return ReadCase($"{field.Path} as {description}", HttpMethod.Post, url, Json(valid.ToJsonString()));
            }
            case 4:
            {
                var how = random.Next(4);
                if (how == 0) valid.Remove("query");
                else valid["query"] = how switch { 1 => null, 2 => "", _ => " \t\n " };
                return ReadCase($"query missing ({how})", HttpMethod.Post, url, Json(valid.ToJsonString()));
            }
            case 5:
            {
                var field = Pick(endpoint.Fields);
                Place(valid, field.Path, field.Oversized());
                return ReadCase($"oversized {field.Path}", HttpMethod.Post, url, Json(valid.ToJsonString()), field.OversizedOutcome);
            }
            case 6:
            {
                var field = Pick(strings);
                return ReadCase($"invalid UTF-8 in {field.Path}", HttpMethod.Post, url, WithInvalidUtf8(WithRawAt(valid, field.Path, $"\"a{InvalidUtf8Marker}b\"")));
            }
            case 7:
            {
                var field = Pick(strings);
                return ReadCase($"lone surrogate in {field.Path}", HttpMethod.Post, url, Json(WithRawAt(valid, field.Path, $"\"{LoneSurrogate()}\"")));
            }
            case 8: return ReadCase("wrong media type", HttpMethod.Post, url, Json(valid.ToJsonString(), Pick(BadContentTypes)), status: 415);
            case 9:
            {
                var (key, description) = BadKey();
                return ReadCase($"valid body, {description}", HttpMethod.Post, url, Json(valid.ToJsonString()), status: 401, apiKey: key.ApiKey, headers: key.Headers);
            }
            case 10:
            {
                var field = Pick(endpoint.Fields);
                var (nested, depth) = DeepNesting();
                return ReadCase($"{field.Path} nested {depth} deep", HttpMethod.Post, url, Json(WithRawAt(valid, field.Path, nested)));
            }
            case 11:
            {
                // Injection syntax and control characters are text to search for, or filter values nothing carries.
                var field = Pick(strings);
                var literal = Pick([.. InjectionStrings, .. ControlLiterals]);
                Place(valid, field.Path, field.Kind == Kind.Tags ? new JsonArray(literal) : literal);
                // Ids (agent, user) obey the one id rule on reads as on writes: a control character in one is refused.
                var expected = field.Path.EndsWith("Id", StringComparison.Ordinal) && ControlLiterals.Contains(literal) ? FuzzOutcome.Rejected : field.Literal;
                return ReadCase($"hostile {field.Path}", HttpMethod.Post, url, Json(valid.ToJsonString()), expected);
            }
            case 12:
            {
                if (endpoint.Fields.Any(f => f.Path == "filters.tags") && random.Next(2) == 0)
                {
                    Place(valid, "filters.tags", new JsonArray(Pick([.. InjectionStrings, .. ControlLiterals]), Pick([.. InjectionStrings, .. ControlLiterals, new string('t', random.Next(65, 5000))])));
                    Place(valid, "filters.tagMatch", Pick(["all", "any"]));
                    return ReadCase("hostile tags", HttpMethod.Post, url, Json(valid.ToJsonString()), FuzzOutcome.NoHits);
                }
                var enumField = endpoint.Fields.FirstOrDefault(f => f.Kind == Kind.Enum);
                if (enumField is null)
                {
                    Place(valid, "sessionId", Pick([.. NonGuids, .. InjectionStrings]));
                    return ReadCase("sessionId not a GUID", HttpMethod.Post, url, Json(valid.ToJsonString()));
                }
                Place(valid, enumField.Path, Pick([.. BadEnumValues, "Hybrid ", "full_text", "FULLTEXT,semantic"]));
                return ReadCase($"bad {enumField.Path}", HttpMethod.Post, url, Json(valid.ToJsonString()));
            }
            case 13:
            {
                var (from, to) = endpoint.Url == KnowledgeSearch ? ("filters.createdFrom", "filters.createdTo") : ("from", "to");
                switch (random.Next(3))
                {
                    case 0:
                        Place(valid, from, "2025-02-01T00:00:00Z");
                        Place(valid, to, "2025-01-01T00:00:00Z");
                        return ReadCase("from after to", HttpMethod.Post, url, Json(valid.ToJsonString()));
                    case 1:
                        Place(valid, Pick([from, to]), Pick(BadDates));
                        return ReadCase("bad date", HttpMethod.Post, url, Json(valid.ToJsonString()));
                    default:
                        // Long before anything was written: a valid window with nothing in it.
                        Place(valid, from, "1990-01-01T00:00:00Z");
                        Place(valid, to, Pick(["1990-01-01T00:00:00Z", "1991-06-30T12:00:00+14:00", "1999-12-31T23:59:59.9999999-12:00"]));
                        return ReadCase("empty time window", HttpMethod.Post, url, Json(valid.ToJsonString()), FuzzOutcome.NoHits);
                }
            }
            default:
            {
                if (endpoint.Url == KnowledgeSearch)
                {
                    valid["limit"] = Pick<JsonNode>([0, -1, 101, int.MaxValue, int.MinValue]);
                    return ReadCase("limit out of range", HttpMethod.Post, url, Json(valid.ToJsonString()));
                }
                return random.Next(3) switch
                {
                    0 => ReadCase("offset out of range", HttpMethod.Post, url,
                        Json(new JsonObject { ["query"] = "built", ["offset"] = Pick<JsonNode>([-1, int.MinValue, 9_991, 10_000]) }.ToJsonString())),
                    1 => ReadCase("unknown session", HttpMethod.Post, url,
                        Json(new JsonObject { ["query"] = "built", ["sessionId"] = Guid.NewGuid().ToString(Pick(["D", "N", "B"])) }.ToJsonString()), FuzzOutcome.NoHits),
                    _ => ReadCase("offset past the hits", HttpMethod.Post, url,
                        Json(new JsonObject { ["query"] = "built", ["offset"] = 9_900, ["limit"] = 100 }.ToJsonString()), FuzzOutcome.NoHits),
                };
            }
        }
    }

    /// <summary>GET /v1/search with a missing, oversized, hostile or malformed q, mode or limit.</summary>
    private FuzzCase SearchQueryStringCase()
    {
        string Url(string q, string? mode = null, string? limit = null) =>
            $"{KnowledgeSearch}?q={q}" + (mode is null ? "" : $"&mode={mode}") + (limit is null ? "" : $"&limit={limit}");
        var mode = Pick(["hybrid", "semantic", "fulltext"]);
        return random.Next(7) switch
        {
            0 => ReadCase("blank q", HttpMethod.Get, Url(Pick(["", "%20", "%09%0A", "+"]), mode)),
            1 => ReadCase("q over 2048 characters", HttpMethod.Get, Url(new string('q', random.Next(2049, 6000)), mode)),
            2 => ReadCase("bad mode", HttpMethod.Get, Url("lens", Escape(Pick([.. BadEnumValues, .. InjectionStrings, "Hybrid ", "full_text"])))),
            3 => ReadCase("bad limit", HttpMethod.Get, Url("lens", mode, Escape(Pick(BadLimits.Where(l => l.Length > 0).ToList())))),
            4 => ReadCase("hostile q", HttpMethod.Get, Url(Escape(Pick([.. InjectionStrings, .. ControlLiterals])), mode), expect: FuzzOutcome.OwnHits),
            // Percent-encoded bytes that are no UTF-8: the server decodes them to U+FFFD, which is text like any other.
            5 => ReadCase("invalid UTF-8 in q", HttpMethod.Get, Url("a" + string.Concat(Pick(InvalidUtf8).Select(b => $"%{b:X2}")) + "b", mode), expect: FuzzOutcome.OwnHits),
            _ => ReadCase("q repeated", HttpMethod.Get, $"{KnowledgeSearch}?q=lens&q=polish&mode={mode}", expect: FuzzOutcome.OwnHits),
        };
    }

    private FuzzCase SearchKeyOrMethodCase()
    {
        if (random.Next(2) == 0)
        {
            var (key, description) = BadKey();
            var (method, url, body) = Pick<(HttpMethod, string, Func<HttpContent>?)>(
            [
                (HttpMethod.Get, $"{KnowledgeSearch}?q=lens", null),
                (HttpMethod.Post, KnowledgeSearch, Json(KnowledgeSearchEndpoint().Valid().ToJsonString())),
                (HttpMethod.Post, ConversationSearch, Json(ConversationSearchEndpoint().Valid().ToJsonString())),
            ]);
            return ReadCase(description, method, url, body, status: 401, apiKey: key.ApiKey, headers: key.Headers);
        }
        var (wrongMethod, path, status) = Pick<(HttpMethod, string, int)>(
        [
            (HttpMethod.Put, KnowledgeSearch, 405), (HttpMethod.Delete, KnowledgeSearch, 405), (HttpMethod.Patch, KnowledgeSearch, 405),
            (HttpMethod.Get, ConversationSearch, 405), (HttpMethod.Delete, ConversationSearch, 405),
            (HttpMethod.Get, "/v1/searches", 404), (HttpMethod.Post, "/v1/search/" + Escape(Pick(InjectionStrings)), 404),
        ]);
        return ReadCase("no such method or path", wrongMethod, path, status: status);
    }

    private FuzzCase AnalyticsCase()
    {
        string AgentUrl(string agentId, string? days = null) => $"/v1/agents/{agentId}/analytics" + (days is null ? "" : $"?days={days}");
        string OverviewUrl(string days) => $"/v1/analytics/overview?days={days}";
        switch (random.Next(9))
        {
            case 0: return ReadCase("bad days", HttpMethod.Get, AgentUrl(Escape(targets.AgentId), Escape(Pick(BadDays))));
            case 1: return ReadCase("bad days", HttpMethod.Get, OverviewUrl(Escape(Pick(BadDays))));
            case 2:
                return ReadCase("days repeated", HttpMethod.Get, random.Next(2) == 0 ? $"{OverviewUrl("7")}&days=30" : $"{AgentUrl(Escape(targets.AgentId), "7")}&days=8");
            case 3:
                return ReadCase("hostile agent id", HttpMethod.Get, AgentUrl(Escape(Pick(InjectionStrings)), Pick([null, "1", "365"])), expect: FuzzOutcome.EmptyReport);
            case 4: return ReadCase("agent id with control characters or too long", HttpMethod.Get, AgentUrl(Escape(Pick(PathControlIds())), "7"));
            // Percent-encoded bytes that are no UTF-8 and an encoded slash: an agent id nobody has.
            case 5:
                return ReadCase("undecodable agent id", HttpMethod.Get,
                    AgentUrl(Pick(["a%FFb", "%C3%28", "%ED%A0%80", "a%2Fb", "%252F", "%2E%2E%2E"])), expect: FuzzOutcome.EmptyReport);
            case 6:
            {
                var (key, description) = BadKey();
                var url = random.Next(2) == 0 ? OverviewUrl("7") : AgentUrl(Escape(targets.AgentId), "7");
                return ReadCase(description, HttpMethod.Get, url, status: 401, apiKey: key.ApiKey, headers: key.Headers);
            }
            case 7:
            {
                var (method, url, status) = Pick<(HttpMethod, string, int)>(
                [
                    (HttpMethod.Post, OverviewUrl("7"), 405), (HttpMethod.Delete, AgentUrl(Escape(targets.AgentId)), 405),
                    (HttpMethod.Put, AgentUrl(Escape(targets.AgentId), "7"), 405), (HttpMethod.Get, "/v1/analytics", 404),
                    (HttpMethod.Get, $"/v1/agents/{Escape(targets.AgentId)}/analytics/{Escape(Pick(InjectionStrings))}", 404),
                    // Encoded dot segments are resolved before routing, to paths that do not exist.
                    (HttpMethod.Get, "/v1/agents/%2E%2E/analytics", 404), (HttpMethod.Get, "/v1/agents/%2E/analytics", 404),
                ]);
                return ReadCase("no such method or path", method, url, status: status);
            }
            default:
                return ReadCase("days in another script or with a sign", HttpMethod.Get,
                    AgentUrl(Escape(Pick(InjectionStrings)), Escape(Pick(["\u0667", "\uFF17", "-0", "+1", "1_0", "1,5", "07 ", "\t7"]))));
        }
    }
}
