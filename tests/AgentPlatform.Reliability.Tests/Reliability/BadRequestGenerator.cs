using AgentPlatform.Contracts;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;

namespace AgentPlatform.Tests.Reliability;

/// <summary>What a fuzz request must get back.</summary>
public enum FuzzOutcome
{
    /// <summary>A 4xx with application/problem+json (the exact status when the case names one).</summary>
    Rejected,
    /// <summary>200 with an empty "items" array: a probe that may be answered, but must match nothing.</summary>
    EmptyRead,
    /// <summary>200 from the knowledge batch endpoint with every item reported invalid and nothing created.</summary>
    AllItemsInvalid,
    /// <summary>200 with an empty "hits" array: a well-formed search whose filter or literal matches nothing.</summary>
    NoHits,
    /// <summary>200 with "hits" that are all the caller's own (entry ids or session ids in <see cref="FuzzCase.OwnIds"/>):
    /// a hostile literal is searched for as text, and the semantic engine ranks whatever the tenant has.</summary>
    OwnHits,
    /// <summary>200 with an analytics report that counts no session, interaction or message: an agent id that names nothing.</summary>
    EmptyReport,
}

/// <summary>One generated request. Body builds fresh content per send; ApiKey null sends none.</summary>
public sealed record FuzzCase(
    string Description, HttpMethod Method, string Url, Func<HttpContent>? Body, string? ApiKey,
    IReadOnlyList<KeyValuePair<string, string>> Headers, FuzzOutcome Expect, int? Status = null)
{
    /// <summary>The ids an <see cref="FuzzOutcome.OwnHits"/> answer may contain.</summary>
    public IReadOnlySet<Guid> OwnIds { get; init; } = new HashSet<Guid>();

    public override string ToString() => $"{Method} {Url} [{Description}] expecting {Expect}{(Status is { } s ? $" {s}" : "")}";
}

/// <summary>The records bad requests aim at (tenant A's), so a request that slipped through would change them.</summary>
public sealed record FuzzTargets(Guid KnowledgeId, Guid SessionId, string AgentId, string StateType)
{
    /// <summary>A message of another of tenant A's sessions: a cursor the target session must refuse (Ingestion.Api cases).</summary>
    public Guid OtherSessionMessageId { get; init; }

    /// <summary>Every knowledge entry and session of the tenant: what its searches may find.</summary>
    public IReadOnlySet<Guid> OwnIds { get; init; } = new HashSet<Guid>();
}

/// <summary>Generates bad requests for every Ingestion.Api endpoint from a seeded <see cref="Random"/>: malformed and
/// wrongly typed JSON, missing and oversized fields, invalid UTF-8, control characters, deep nesting, injection-shaped
/// ids and filters, bad paging, wrong media types, methods and keys, other tenants' ids, and bodies over the size limit.
/// The cases for Search.Api and Analytics.Api are in BadRequestGenerator.ReadApis.cs.</summary>
public sealed partial class BadRequestGenerator(Random random, FuzzTargets targets)
{
    public const int MaxBodyBytes = 16 * 1024 * 1024;
    private const string KeyA = ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantAKey;
    private const string KeyB = ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.TenantBKey;

    /// <summary>SQL, MongoDB, Lucene/Elasticsearch and Chroma operator syntax, wildcards and other hostile literals.</summary>
    public static readonly string[] InjectionStrings =
    [
        "' OR 1=1 --", "'; DROP TABLE \"KnowledgeEntries\"; --", "\" OR \"\"=\"", "1' OR '1'='1", "%", "_", "*",
        "{\"$ne\":null}", "{\"$gt\":\"\"}", "{\"$where\":\"sleep(1000)\"}", "$ne", "[$ne]=1", "{\"$regex\":\".*\"}",
        "title:* OR *", "*:*", "content:(a OR b)^10", "\\", "/.*/", "{\"$gt\":0}", "{\"$or\":[{\"agentId\":{\"$ne\":\"\"}}]}",
        "{\"$contains\":\"a\"}", "../../etc/passwd", "<script>alert(1)</script>", "${jndi:ldap://x}", "\u0130stanbul", "null", "undefined",
    ];

    private static readonly string[] NonGuids =
    [
        "123", "not-a-guid", "00000000-0000-0000-0000-00000000000g", "{00000000-0000-0000-0000-000000000000", "-1",
        new string('f', 300), "00000000000000000000000000000000000",
    ];

    private static readonly string[] BadPaging =
    [
        "-1", "-2147483648", "2147483648", "99999999999999999999", "1e3", "abc", "", "1.5", "0x10", "NaN", "' OR 1=1 --",
    ];

    private static readonly string[] BadLimits = ["0", "501", "100000", "-5", .. BadPaging];

    private static readonly string[] BadEnumValues =
    [
        "5", "0", "1", "-1", "+1", " 1", "99", "active, completed", "Completed,Abandoned", "pending|indexed", "' OR 1=1 --",
        "{\"$ne\":null}", "*", "completedx", "null",
    ];

    private static readonly string[] BadDates =
    [
        "not-a-date", "2025-13-45", "2025-02-30T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
        "' OR 1=1 --", "{\"$gt\":0}", "12345678901234567890",
    ];

    private static readonly string[] MalformedJson =
    [
        "", " ", "{", "}", "[", "{\"title\":}", "{'title':'x'}", "{\"title\":\"x\",}", "nul", "{\"a\":1}{\"b\":2}", "<xml/>",
        "{\"title\":\"x\" \"content\":\"y\"}", "{\"title\":\"\\x\"}", "{\"title\":\"\\u12\"}", "{\"title\":\"unterminated}",
        "{title:\"x\"}", "\u0000", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":Infinity}", "/* c */{}",
    ];

    private static readonly string[] NonObjectJson = ["null", "[]", "123", "\"text\"", "true", "[{}]"];

    /// <summary>UTF-8 sequences no decoder may accept: a stray byte, a truncated pair, an encoded surrogate, an overlong slash.</summary>
    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80],
    ];

    private static readonly string[] BadContentTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png", "application/jsonx"];

    private enum Kind { Label, Text, Number, Enum, Tags, Metadata, Timestamp, List }

    private sealed record Field(string Name, Kind Kind, bool Required, Func<JsonNode> Oversized);

    private sealed record BodyEndpoint(string Name, HttpMethod Method, string Url, Func<JsonNode> Valid, Field[] Fields)
    {
        /// <summary>Batch endpoints: the list property and the per-item fields.</summary>
        public string? ListProperty { get; init; }
        /// <summary>True for the knowledge batch, which answers invalid items with 200 and a per-item report.</summary>
        public bool ReportsItems { get; init; }
    }

    private static JsonNode Text(int length, char c = 'x') => JsonValue.Create(new string(c, length));

    private static readonly Field[] KnowledgeFields =
    [
        new("title", Kind.Label, true, () => Text(513)),
        new("content", Kind.Text, true, () => Text(1024 * 1024 + 1)),
        new("category", Kind.Label, false, () => Text(129)),
        new("tags", Kind.Tags, false, () => new JsonArray(Enumerable.Range(0, 33).Select(i => (JsonNode)JsonValue.Create($"t{i}")).ToArray())),
        new("source", Kind.Label, false, () => Text(2049)),
    ];

    private static readonly Field[] InteractionFields =
    [
        new("type", Kind.Enum, true, () => Text(17)),
        new("input", Kind.Text, true, () => Text(256 * 1024 + 1)),
        new("output", Kind.Text, false, () => Text(256 * 1024 + 1)),
        new("intent", Kind.Label, false, () => Text(129)),
        new("processingTimeMs", Kind.Number, false, () => JsonValue.Create(86_400_001)),
        new("metadata", Kind.Metadata, false, () => new JsonObject { ["k"] = Text(16 * 1024) }),
        new("createdAt", Kind.Timestamp, false, () => JsonValue.Create("9999-12-31T23:59:59.9999999+00:00 and more")),
    ];

    private static readonly Field[] MessageFields =
    [
        new("role", Kind.Enum, true, () => Text(17)),
        new("content", Kind.Text, true, () => Text(256 * 1024 + 1)),
        new("userId", Kind.Label, false, () => Text(129)),
        new("metadata", Kind.Metadata, false, () => new JsonObject { ["k"] = Text(16 * 1024) }),
    ];

    private static readonly Field[] SessionFields =
    [
        new("agentId", Kind.Label, true, () => Text(129)),
        new("userId", Kind.Label, false, () => Text(129)),
        new("metadata", Kind.Metadata, false, () => new JsonObject { ["k"] = Text(16 * 1024) }),
    ];

    private static JsonObject ValidKnowledge() => new()
    {
        ["title"] = "Fuzz " + Guid.NewGuid(), ["content"] = "Fuzzed content " + Guid.NewGuid(), ["category"] = "docs",
        ["tags"] = new JsonArray("a", "b"), ["source"] = "fuzz",
    };

    private static JsonObject ValidInteraction() => new()
    {
        ["type"] = "query", ["input"] = "question", ["output"] = "answer", ["intent"] = "lookup", ["processingTimeMs"] = 5,
        ["metadata"] = new JsonObject { ["k"] = "v" }, ["createdAt"] = "2025-01-01T00:00:00Z",
    };

    private static JsonObject ValidMessage() => new() { ["role"] = "user", ["content"] = "hello", ["userId"] = "u1", ["metadata"] = new JsonObject() };

    private static JsonObject ValidSession() => new() { ["agentId"] = "fuzz-other-agent", ["userId"] = "u1", ["metadata"] = new JsonObject { ["k"] = "v" } };

    private IReadOnlyList<BodyEndpoint> BodyEndpoints() =>
    [
        new("add knowledge", HttpMethod.Post, "/v1/knowledge", ValidKnowledge, KnowledgeFields),
        new("update knowledge", HttpMethod.Put, $"/v1/knowledge/{targets.KnowledgeId}", ValidKnowledge, KnowledgeFields),
        new("add knowledge batch", HttpMethod.Post, "/v1/knowledge/batch", () => new JsonObject { ["entries"] = new JsonArray(ValidKnowledge()) }, KnowledgeFields)
            { ListProperty = "entries", ReportsItems = true },
        new("create session", HttpMethod.Post, "/v1/sessions", ValidSession, SessionFields),
        new("add interaction", HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/interactions", ValidInteraction, InteractionFields),
        new("add interactions", HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/interactions/batch",
            () => new JsonObject { ["interactions"] = new JsonArray(ValidInteraction()) }, InteractionFields) { ListProperty = "interactions" },
        new("append message", HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/messages", ValidMessage, MessageFields),
        new("append messages", HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/messages/batch",
            () => new JsonObject { ["messages"] = new JsonArray(ValidMessage()) }, MessageFields) { ListProperty = "messages" },
    ];

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static FuzzCase Case(string description, HttpMethod method, string url, Func<HttpContent>? body = null,
        FuzzOutcome expect = FuzzOutcome.Rejected, int? status = null, string? apiKey = KeyA, params KeyValuePair<string, string>[] headers) =>
        new(description, method, url, body, apiKey, headers, expect, status);

    private static Func<HttpContent> Json(string text, string contentType = "application/json") =>
        () => new ByteArrayContent(Encoding.UTF8.GetBytes(text)) { Headers = { { "Content-Type", contentType } } };

    private static Func<HttpContent> JsonBytes(byte[] bytes) =>
        () => new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json" } } };

    /// <summary>The cases every run includes, then <paramref name="randomCases"/> drawn at random.</summary>
    public IReadOnlyList<FuzzCase> Generate(int randomCases)
    {
        var cases = new List<FuzzCase>(FixedCases());
        var generators = new Func<FuzzCase>[]
        {
            BodyCase, BodyCase, BodyCase, BodyCase, BodyCase, BodyCase,
            StateCase, GuidRouteCase, AgentRouteCase, AgentRouteCase, PagingCase, PagingCase, CursorCase, FilterCase, KeyCase, OtherTenantCase, MethodCase,
        };
        for (var i = 0; i < randomCases; i++)
            cases.Add(Pick(generators)());
        return cases;
    }

    private IEnumerable<FuzzCase> FixedCases()
    {
        var deepArrays = new string('[', 10_000) + new string(']', 10_000);
        foreach (var endpoint in BodyEndpoints())
        {
            yield return Case("10,000 nested arrays", endpoint.Method, endpoint.Url, Json(deepArrays), status: 400);
            var field = endpoint.Fields.First(f => f.Required);
            yield return Case($"{field.Name} nested 10,000 deep", endpoint.Method, endpoint.Url, Json(WithRaw(endpoint, endpoint.Valid(), field.Name, deepArrays)), status: 400);
        }
        var state = StateUrl(targets.AgentId, targets.StateType);
        yield return Case("state nested 10,000 deep", HttpMethod.Put, state, Json(deepArrays), status: 400);
        yield return Case("state object nested 200 deep", HttpMethod.Put, state,
            Json(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)), status: 400);

        // Over the 16 MiB limit: declared up front, and sent chunked so only reading reveals it.
        yield return Case("body over 16 MiB with Content-Length", HttpMethod.Post, "/v1/knowledge",
            () => new ByteArrayContent(KnowledgeBodyOfSize(MaxBodyBytes + 1024)) { Headers = { { "Content-Type", "application/json" } } }, status: 413);
        yield return Case("body over 16 MiB chunked", HttpMethod.Post, "/v1/knowledge", () => new UnknownLengthContent(MaxBodyBytes + 1024), status: 413);
        yield return Case("state over 16 MiB chunked", HttpMethod.Put, state, () => new UnknownLengthContent(MaxBodyBytes + 1024), status: 413);
        yield return Case("batch of 1001 entries", HttpMethod.Post, "/v1/knowledge/batch",
            Json(new JsonObject { ["entries"] = new JsonArray(Enumerable.Range(0, 1001).Select(_ => (JsonNode)ValidKnowledge()).ToArray()) }.ToJsonString()), status: 400);
        yield return Case("501 interactions", HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/interactions/batch",
            Json(new JsonObject { ["interactions"] = new JsonArray(Enumerable.Range(0, 501).Select(_ => (JsonNode)ValidInteraction()).ToArray()) }.ToJsonString()), status: 400);
        yield return Case("501 messages", HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/messages/batch",
            Json(new JsonObject { ["messages"] = new JsonArray(Enumerable.Range(0, 501).Select(_ => (JsonNode)ValidMessage()).ToArray()) }.ToJsonString()), status: 400);
        yield return Case("state over 1 MiB", HttpMethod.Put, state, Json(new JsonObject { ["a"] = Text(1024 * 1024) }.ToJsonString()), status: 400);
        yield return Case("reindex without target", HttpMethod.Post, "/v1/admin/reindex", status: 400);
        foreach (var field in KnowledgeFields.Concat(InteractionFields).Concat(MessageFields).Where(f => f.Kind == Kind.Text))
            yield return OversizedFieldCase(field);
    }

    private FuzzCase OversizedFieldCase(Field field)
    {
        var endpoint = BodyEndpoints().First(e => e.ListProperty is null && e.Fields.Contains(field));
        var body = (JsonObject)endpoint.Valid();
        body[field.Name] = field.Oversized();
        return Case($"oversized {field.Name}", endpoint.Method, endpoint.Url, Json(body.ToJsonString()), status: 400);
    }

    /// <summary>A knowledge body of exactly the given size, declared with Content-Length.</summary>
    public static byte[] KnowledgeBodyOfSize(int bytes)
    {
        var prefix = "{\"title\":\"big\",\"content\":\""u8;
        var body = new byte[bytes];
        body.AsSpan().Fill((byte)'a');
        prefix.CopyTo(body);
        "\"}"u8.CopyTo(body.AsSpan(body.Length - 2));
        return body;
    }

    /// <summary>The body as JSON text with one field's value replaced by raw JSON text (nesting, escapes the
    /// serializer would refuse to write, such as a lone surrogate).</summary>
    private static string WithRaw(BodyEndpoint endpoint, JsonNode body, string field, string rawJson) =>
        WithRaw(body, marker => Item(endpoint, body)[field] = marker, rawJson);

    /// <summary>The body as JSON text with the value <paramref name="place"/> puts a marker in replaced by raw JSON text.</summary>
    private static string WithRaw(JsonNode body, Action<string> place, string rawJson)
    {
        const string marker = "RAW-VALUE-MARKER";
        place(marker);
        return body.ToJsonString().Replace($"\"{marker}\"", rawJson, StringComparison.Ordinal);
    }

    /// <summary>The object the fields live in: the body, or the first item of a batch.</summary>
    private static JsonObject Item(BodyEndpoint endpoint, JsonNode body) =>
        endpoint.ListProperty is { } list ? (JsonObject)body[list]![0]! : (JsonObject)body;

    /// <summary>Ids no route may accept. NUL is left out: servers refuse it in the request line before the app runs.</summary>
    private static string[] PathControlIds() => ["a\u0001b", "\u001b", new string('a', 129), "a\u007fb", "a\u0085b", "tab\there"];

    private string StateUrl(string agentId, string stateType) => $"/v1/agents/{Escape(agentId)}/state/{Escape(stateType)}";

    /// <summary>A JSON-body endpoint with one thing wrong with its body, media type or key.</summary>
    private FuzzCase BodyCase()
    {
        var endpoint = Pick(BodyEndpoints());
        var valid = endpoint.Valid();
        // Item-level faults of the knowledge batch are reported per item (200); everything else is all or nothing (400).
        var itemOutcome = endpoint.ReportsItems ? FuzzOutcome.AllItemsInvalid : FuzzOutcome.Rejected;
        var itemStatus = endpoint.ReportsItems ? (int?)null : 400;

        switch (random.Next(12))
        {
            case 0:
                return Case("truncated JSON", endpoint.Method, endpoint.Url, Json(Truncated(valid)), status: 400);
            case 1:
                return Case("malformed JSON", endpoint.Method, endpoint.Url, Json(Pick(MalformedJson)), status: 400);
            case 2:
                return Case("body is not an object", endpoint.Method, endpoint.Url, Json(Pick(NonObjectJson)), status: 400);
            case 3:
            {
                var field = Pick(endpoint.Fields);
                var (value, description) = WrongType(field.Kind);
                Item(endpoint, valid)[field.Name] = value;
                // A value the JSON reader cannot bind fails the whole request, batch or not.
                return Case($"{field.Name} as {description}", endpoint.Method, endpoint.Url, Json(valid.ToJsonString()), status: 400);
            }
            case 4:
            {
                var field = Pick(endpoint.Fields.Where(f => f.Required).ToList());
                var target = Item(endpoint, valid);
                var how = random.Next(4);
                if (how == 0) target.Remove(field.Name);
                else target[field.Name] = how switch { 1 => null, 2 => "", _ => "   " };
                // An empty string is no enum name: the reader refuses it before validation runs.
                var binds = how is 0 or 1 || field.Kind != Kind.Enum;
                return Case($"required {field.Name} missing ({how})", endpoint.Method, endpoint.Url, Json(valid.ToJsonString()),
                    expect: binds ? itemOutcome : FuzzOutcome.Rejected, status: binds ? itemStatus : 400);
            }
            case 5:
            {
                // The 1 MiB and 256 KiB text fields are covered once each by the fixed cases; here the cheap ones.
                var field = Pick(endpoint.Fields.Where(f => f.Kind != Kind.Text).ToList());
                Item(endpoint, valid)[field.Name] = field.Oversized();
                var binds = field.Kind is not (Kind.Enum or Kind.Timestamp);
                return Case($"oversized {field.Name}", endpoint.Method, endpoint.Url, Json(valid.ToJsonString()),
                    expect: binds ? itemOutcome : FuzzOutcome.Rejected, status: binds ? itemStatus : 400);
            }
            case 6:
            {
                var field = Pick(endpoint.Fields.Where(f => f.Kind is Kind.Label or Kind.Text or Kind.Metadata).ToList());
                var raw = field.Kind == Kind.Metadata ? $"{{\"k\":\"a{InvalidUtf8Marker}b\"}}" : $"\"a{InvalidUtf8Marker}b\"";
                return Case($"invalid UTF-8 in {field.Name}", endpoint.Method, endpoint.Url, WithInvalidUtf8(WithRaw(endpoint, valid, field.Name, raw)), status: 400);
            }
            case 7:
            {
                // JSON escapes. A lone surrogate is no text at all: refused for the whole request, batch or not.
                var field = Pick(endpoint.Fields.Where(f => f.Kind is Kind.Label or Kind.Text or Kind.Metadata).ToList());
                var surrogate = LoneSurrogate();
                var raw = field.Kind == Kind.Metadata
                    ? Pick([$"{{\"k\":\"{surrogate}\"}}", $"{{\"{surrogate}\":1}}"])
                    : $"\"{surrogate}\"";
                return Case($"lone surrogate in {field.Name}", endpoint.Method, endpoint.Url, Json(WithRaw(endpoint, valid, field.Name, raw)), status: 400);
            }
            case 10:
            {
                // Free text may hold tab, line breaks and C1 characters; labels nothing below U+0020, DEL or C1 controls.
                var field = Pick(endpoint.Fields.Where(f => f.Kind is Kind.Label or Kind.Text).ToList());
                var escaped = field.Kind == Kind.Text
                    ? Pick([@"a\u0000b", @"\u001b[31mred", @"a\u0007b", @"a\u007fb"])
                    : Pick([@"a\u0000b", @"a\tb", @"a\nb", @"\u001b[31m", @"\u007f", @"a\u0085b"]);
                return Case($"control character in {field.Name}", endpoint.Method, endpoint.Url,
                    Json(WithRaw(endpoint, valid, field.Name, $"\"{escaped}\"")), expect: itemOutcome, status: itemStatus);
            }
            case 8:
                return Case("wrong media type", endpoint.Method, endpoint.Url, Json(valid.ToJsonString(), Pick(BadContentTypes)), status: 415);
            case 9:
            {
                if (endpoint.ListProperty is { } list)
                {
                    valid[list] = Pick<JsonNode?>([new JsonArray(), null, new JsonArray(JsonValue.Create(1)), JsonValue.Create("x"), new JsonObject()]);
                    return Case($"{list} empty or wrong", endpoint.Method, endpoint.Url, Json(valid.ToJsonString()), status: 400);
                }
                var (key, description) = BadKey();
                return Case($"valid body, {description}", endpoint.Method, endpoint.Url, Json(valid.ToJsonString()), status: 401, apiKey: key.ApiKey, headers: key.Headers);
            }
            default:
            {
                var field = Pick(endpoint.Fields);
                var (nested, depth) = DeepNesting();
                return Case($"{field.Name} nested {depth} deep", endpoint.Method, endpoint.Url, Json(WithRaw(endpoint, valid, field.Name, nested)), status: 400);
            }
        }
    }

    private const string InvalidUtf8Marker = "INVALID-UTF8-HERE";

    private string Truncated(JsonNode valid)
    {
        var text = valid.ToJsonString();
        return text[..random.Next(1, text.Length - 1)];
    }

    /// <summary>The JSON text with <see cref="InvalidUtf8Marker"/> replaced by bytes no UTF-8 decoder may accept.</summary>
    private Func<HttpContent> WithInvalidUtf8(string jsonWithMarker)
    {
        var bytes = Encoding.UTF8.GetBytes(jsonWithMarker);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(InvalidUtf8Marker));
        return JsonBytes(bytes[..at].Concat(Pick(InvalidUtf8)).Concat(bytes[(at + InvalidUtf8Marker.Length)..]).ToArray());
    }

    private string LoneSurrogate() => Pick([@"\ud800", @"x\udc00y", @"\udfff\ud800"]);

    /// <summary>Past the reader's depth limit of 64, as arrays or objects.</summary>
    private (string Json, int Depth) DeepNesting()
    {
        var depth = random.Next(65, 3000);
        return (random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth), depth);
    }

    private (JsonNode? Value, string Description) WrongType(Kind kind)
    {
        JsonNode?[] options = kind switch
        {
            Kind.Label or Kind.Text => [123, -1.5, true, false, JsonNode.Parse("{\"$ne\":null}"), JsonNode.Parse("{\"$gt\":0}"), new JsonArray(1), new JsonArray("a"), new JsonObject()],
            Kind.Number => ["abc", "", JsonNode.Parse("{\"$gt\":0}"), new JsonArray(), true, 1.5, JsonNode.Parse("1e400"), 99_999_999_999, -99_999_999_999, "1e3", "' OR 1=1 --"],
            Kind.Enum => [5, 0, 1, -1, "", "notvalid", "' OR 1=1 --", JsonNode.Parse("{\"$ne\":null}"), new JsonArray(), true, "query, response", "5", "Query|Response"],
            Kind.Tags => ["abc", 123, new JsonArray(1, 2), new JsonObject { ["a"] = 1 }, new JsonArray(new JsonArray()), JsonNode.Parse("{\"$in\":[\"a\"]}")],
            Kind.Metadata => [1, "s", new JsonArray(), true, new JsonArray(new JsonObject())],
            Kind.Timestamp => ["not-a-date", 12345, true, new JsonObject(), "2025-13-45T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "' OR 1=1 --"],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var value = Pick(options);
        return (value, value?.ToJsonString() ?? "null");
    }

    private ((string? ApiKey, KeyValuePair<string, string>[] Headers) Key, string Description) BadKey() => random.Next(6) switch
    {
        0 => ((null, []), "no key"),
        1 => (("wrong-key", []), "unknown key"),
        2 => ((KeyA + "x", []), "key with a suffix"),
        3 => ((KeyA[..^1], []), "key missing its last character"),
        4 => ((null, [new("Authorization", "ApiKey " + Pick(InjectionStrings.Where(s => s.All(char.IsAscii)).ToList()))]), "injection as Authorization key"),
        _ => ((Pick(InjectionStrings.Where(s => s.All(char.IsAscii)).ToList()), []), "injection as key"),
    };

    /// <summary>Agent state PUT with a body that is not an acceptable state, or a bad If-Match.</summary>
    private FuzzCase StateCase()
    {
        var url = StateUrl(targets.AgentId, targets.StateType);
        switch (random.Next(6))
        {
            case 0: return Case("state is not an object", HttpMethod.Put, url, Json(Pick(NonObjectJson)), status: 400);
            case 1: return Case("malformed state", HttpMethod.Put, url, Json(Pick(MalformedJson)), status: 400);
            case 2:
            {
                var bytes = "{\"a\":\"x"u8.ToArray().Concat(Pick(InvalidUtf8)).Concat("\"}"u8.ToArray()).ToArray();
                return random.Next(2) == 0
                    ? Case("state with invalid UTF-8", HttpMethod.Put, url, JsonBytes(bytes), status: 400)
                    : Case("state with a lone surrogate", HttpMethod.Put, url, Json(Pick([@"{""a"":""\ud800""}", @"{""\udc00"":1}", @"{""a"":[""\ud83d""]}"])), status: 400);
            }
            case 3:
            {
                var ifMatch = Pick(["\"abc\"", "1", "\"1", "*", "\"-1\"", "\"99999999999999999999\"", "W/", "\"\"", "\"' OR 1=1 --\"", "{\"$ne\":null}"]);
                return Case($"If-Match {ifMatch}", HttpMethod.Put, url, Json("{\"step\":99}"), status: 400, headers: new KeyValuePair<string, string>("If-Match", ifMatch));
            }
            case 4:
            {
                var agent = Pick(PathControlIds());
                return Case("state with a bad agent id", HttpMethod.Put, StateUrl(agent, targets.StateType), Json("{\"step\":99}"), status: 400);
            }
            default:
                return Case("state with a wrong media type", HttpMethod.Put, url, Json("{\"step\":99}", Pick(BadContentTypes)), status: 415);
        }
    }

    /// <summary>Non-GUID and unknown ids on every {id:guid} route, every method.</summary>
    private FuzzCase GuidRouteCase()
    {
        var unknown = random.Next(3) == 0;
        var id = unknown ? Guid.NewGuid().ToString() : Escape(Pick([.. NonGuids, .. InjectionStrings]));
        var (method, url, body) = Pick<(HttpMethod, string, Func<HttpContent>?)>(
        [
            (HttpMethod.Get, $"/v1/knowledge/{id}", null),
            (HttpMethod.Put, $"/v1/knowledge/{id}", Json(ValidKnowledge().ToJsonString())),
            (HttpMethod.Delete, $"/v1/knowledge/{id}", null),
            (HttpMethod.Get, $"/v1/sessions/{id}", null),
            (HttpMethod.Post, $"/v1/sessions/{id}/end", null),
            (HttpMethod.Post, $"/v1/sessions/{id}/interactions", Json(ValidInteraction().ToJsonString())),
            (HttpMethod.Post, $"/v1/sessions/{id}/interactions/batch", Json(new JsonObject { ["interactions"] = new JsonArray(ValidInteraction()) }.ToJsonString())),
            (HttpMethod.Get, $"/v1/sessions/{id}/interactions", null),
            (HttpMethod.Post, $"/v1/sessions/{id}/messages", Json(ValidMessage().ToJsonString())),
            (HttpMethod.Post, $"/v1/sessions/{id}/messages/batch", Json(new JsonObject { ["messages"] = new JsonArray(ValidMessage()) }.ToJsonString())),
            (HttpMethod.Get, $"/v1/sessions/{id}/messages", null),
        ]);
        return Case(unknown ? "unknown id" : "not a GUID", method, url, body, status: 404);
    }

    /// <summary>Injection-shaped, control-character and over-long agent ids and state types on the string-id routes.</summary>
    private FuzzCase AgentRouteCase()
    {
        var hostile = Pick(InjectionStrings);
        switch (random.Next(5))
        {
            case 0: return Case("injection as agent id", HttpMethod.Get, $"/v1/agents/{Escape(hostile)}/sessions", expect: FuzzOutcome.EmptyRead);
            case 1: return Case("injection as state id", HttpMethod.Get, random.Next(2) == 0 ? StateUrl(hostile, targets.StateType) : StateUrl(targets.AgentId, hostile), status: 404);
            case 2: return Case("injection in state history", HttpMethod.Get, StateUrl(hostile, hostile) + "/history", expect: FuzzOutcome.EmptyRead);
            case 3:
            {
                var bad = Pick(PathControlIds());
                return Case("bad agent id in session list", HttpMethod.Get, $"/v1/agents/{Escape(bad)}/sessions", status: 400);
            }
            default:
                return Case("very long state id", HttpMethod.Get, StateUrl(new string('s', random.Next(129, 5000)), targets.StateType), status: 404);
        }
    }

    /// <summary>Negative, huge, non-numeric and overflowing offset/limit on every paged list.</summary>
    private FuzzCase PagingCase()
    {
        var list = Pick(
        [
            "/v1/knowledge", $"/v1/sessions/{targets.SessionId}/interactions", $"/v1/sessions/{targets.SessionId}/messages",
            $"/v1/agents/{targets.AgentId}/sessions", StateUrl(targets.AgentId, targets.StateType) + "/history",
        ]);
        return random.Next(3) switch
        {
            0 => Case("bad offset", HttpMethod.Get, $"{list}?offset={Escape(Pick(BadPaging.Where(p => p.Length > 0).ToList()))}", status: 400),
            1 => Case("bad limit", HttpMethod.Get, $"{list}?limit={Escape(Pick(BadLimits.Where(p => p.Length > 0).ToList()))}", status: 400),
            _ => Case("offset past the end", HttpMethod.Get, $"{list}?offset={Pick([1_000_000, int.MaxValue, int.MaxValue - 1])}&limit={Pick([1, 500])}", expect: FuzzOutcome.EmptyRead),
        };
    }

    /// <summary>The message history's before cursor: no Guid, another session's message, no message at all, or next to offset.</summary>
    private FuzzCase CursorCase()
    {
        var messages = $"/v1/sessions/{targets.SessionId}/messages?limit={Pick([1, 10, 500])}";
        return random.Next(4) switch
        {
            0 => Case("before not a guid", HttpMethod.Get, $"{messages}&before={Escape(Pick([.. NonGuids, .. InjectionStrings, ""]))}", status: 400),
            1 => Case("before of another session", HttpMethod.Get, $"{messages}&before={targets.OtherSessionMessageId}", status: 400),
            2 => Case("before no message", HttpMethod.Get, $"{messages}&before={Pick([Guid.Empty, targets.SessionId, targets.KnowledgeId])}", status: 400),
            _ => Case("before and offset", HttpMethod.Get, $"{messages}&before={targets.OtherSessionMessageId}&offset={Pick([0, 1, 10])}", status: 400),
        };
    }

    /// <summary>Enum numbers, combinations and injection strings in status/target filters; bad time ranges.</summary>
    private FuzzCase FilterCase()
    {
        var value = Escape(Pick([.. BadEnumValues, .. InjectionStrings]));
        return random.Next(6) switch
        {
            0 => Case("bad knowledge status", HttpMethod.Get, $"/v1/knowledge?status={value}", status: 400),
            1 => Case("bad session status", HttpMethod.Get, $"/v1/agents/{targets.AgentId}/sessions?status={value}", status: 400),
            2 => Case("bad end status", HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/end?status={Escape(Pick([.. BadEnumValues, .. InjectionStrings, "active"]))}", status: 400),
            3 => Case("bad reindex target", HttpMethod.Post, $"/v1/admin/reindex?target={value}", status: 400),
            4 => Case("bad time", HttpMethod.Get, $"/v1/agents/{targets.AgentId}/sessions?{Pick(["from", "to"])}={Escape(Pick(BadDates))}", status: 400),
            _ => Case("from after to", HttpMethod.Get, $"/v1/agents/{targets.AgentId}/sessions?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", status: 400),
        };
    }

    /// <summary>Every endpoint with a missing, wrong or injection-shaped key.</summary>
    private FuzzCase KeyCase()
    {
        var (key, description) = BadKey();
        var (method, url, body) = Pick<(HttpMethod, string, Func<HttpContent>?)>(
        [
            (HttpMethod.Get, "/v1/ingestion/status", null),
            (HttpMethod.Get, "/v1/knowledge", null),
            (HttpMethod.Delete, $"/v1/knowledge/{targets.KnowledgeId}", null),
            (HttpMethod.Post, "/v1/admin/reindex?target=all", null),
            (HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/end", null),
            (HttpMethod.Get, StateUrl(targets.AgentId, targets.StateType), null),
            (HttpMethod.Put, StateUrl(targets.AgentId, targets.StateType), Json("{\"step\":99}")),
            (HttpMethod.Get, $"/v1/agents/{targets.AgentId}/sessions", null),
        ]);
        return Case(description, method, url, body, status: 401, apiKey: key.ApiKey, headers: key.Headers);
    }

    /// <summary>Tenant B reading and writing tenant A's records by id: nothing found, nothing changed.</summary>
    private FuzzCase OtherTenantCase()
    {
        var (method, url, body, outcome) = Pick<(HttpMethod, string, Func<HttpContent>?, FuzzOutcome)>(
        [
            (HttpMethod.Get, $"/v1/knowledge/{targets.KnowledgeId}", null, FuzzOutcome.Rejected),
            (HttpMethod.Put, $"/v1/knowledge/{targets.KnowledgeId}", Json(ValidKnowledge().ToJsonString()), FuzzOutcome.Rejected),
            (HttpMethod.Delete, $"/v1/knowledge/{targets.KnowledgeId}", null, FuzzOutcome.Rejected),
            (HttpMethod.Get, $"/v1/sessions/{targets.SessionId}", null, FuzzOutcome.Rejected),
            (HttpMethod.Delete, $"/v1/sessions/{targets.SessionId}", null, FuzzOutcome.Rejected),
            (HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/end", null, FuzzOutcome.Rejected),
            (HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/interactions", Json(ValidInteraction().ToJsonString()), FuzzOutcome.Rejected),
            (HttpMethod.Get, $"/v1/sessions/{targets.SessionId}/interactions", null, FuzzOutcome.Rejected),
            (HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/messages", Json(ValidMessage().ToJsonString()), FuzzOutcome.Rejected),
            (HttpMethod.Get, $"/v1/sessions/{targets.SessionId}/messages", null, FuzzOutcome.Rejected),
            (HttpMethod.Get, StateUrl(targets.AgentId, targets.StateType), null, FuzzOutcome.Rejected),
            (HttpMethod.Get, $"/v1/agents/{targets.AgentId}/sessions", null, FuzzOutcome.EmptyRead),
            (HttpMethod.Get, StateUrl(targets.AgentId, targets.StateType) + "/history", null, FuzzOutcome.EmptyRead),
        ]);
        return Case("tenant B on tenant A's record", method, url, body, expect: outcome, status: outcome == FuzzOutcome.Rejected ? 404 : null, apiKey: KeyB);
    }

    /// <summary>Methods a route does not have, and paths that do not exist.</summary>
    private FuzzCase MethodCase()
    {
        var (method, url, status) = Pick<(HttpMethod, string, int)>(
        [
            (HttpMethod.Patch, $"/v1/knowledge/{targets.KnowledgeId}", 405),
            (HttpMethod.Patch, $"/v1/sessions/{targets.SessionId}", 405),
            (HttpMethod.Post, $"/v1/sessions/{targets.SessionId}/messages/{targets.SessionId}", 405),
            (HttpMethod.Put, "/v1/ingestion/status", 405),
            (HttpMethod.Get, "/v1/admin/reindex", 405),
            (HttpMethod.Delete, StateUrl(targets.AgentId, targets.StateType), 405),
            (HttpMethod.Post, "/v1/knowledge/batch/extra", 404),
            (HttpMethod.Get, "/v1/knowledgee", 404),
            (HttpMethod.Get, "/v1/" + Escape(Pick(InjectionStrings)), 404),
        ]);
        return Case("no such method or path", method, url, status: status);
    }
}

/// <summary>A knowledge body of the given size sent without Content-Length (chunked): only reading it reveals the size.</summary>
public sealed class UnknownLengthContent : HttpContent
{
    private readonly long _bytes;

    public UnknownLengthContent(long bytes)
    {
        _bytes = bytes;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync("{\"title\":\"big\",\"content\":\""u8.ToArray());
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'a');
        for (long sent = 0; sent < _bytes; sent += chunk.Length)
            await stream.WriteAsync(chunk);
        await stream.WriteAsync("\"}"u8.ToArray());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
