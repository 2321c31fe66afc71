using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>A Chroma metadata filter built from typed parts, so values are always JSON literals and never
/// string-built query text. Immutable: combining clauses copies them.</summary>
[JsonConverter(typeof(ChromaWhereJsonConverter))]
public sealed class ChromaWhere
{
    private readonly JsonObject _node;

    private ChromaWhere(JsonObject node) => _node = node;

    public static ChromaWhere Eq(string key, string value) => Compare(key, "$eq", JsonValue.Create(value));
    public static ChromaWhere Eq(string key, bool value) => Compare(key, "$eq", JsonValue.Create(value));
    public static ChromaWhere Eq(string key, long value) => Compare(key, "$eq", JsonValue.Create(value));
    public static ChromaWhere Gte(string key, double value) => Compare(key, "$gte", JsonValue.Create(value));
    public static ChromaWhere Lte(string key, double value) => Compare(key, "$lte", JsonValue.Create(value));
    public static ChromaWhere Lt(string key, double value) => Compare(key, "$lt", JsonValue.Create(value));

    /// <summary>The key's value is one of <paramref name="values"/> (at least one; Chroma rejects an empty list).</summary>
    public static ChromaWhere In(string key, IEnumerable<string> values)
    {
        var array = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        if (array.Count == 0)
            throw new ArgumentException("$in needs at least one value.", nameof(values));
        return Compare(key, "$in", array);
    }

    /// <summary>Every clause must hold. Null when there are none (Chroma rejects an empty filter) and the clause
    /// itself when there is one.</summary>
    public static ChromaWhere? All(IEnumerable<ChromaWhere> clauses) => Combine("$and", clauses);

    /// <summary>At least one clause must hold; null for none and the clause itself for one, as <see cref="All"/>.</summary>
    public static ChromaWhere? Any(IEnumerable<ChromaWhere> clauses) => Combine("$or", clauses);

    private static ChromaWhere? Combine(string op, IEnumerable<ChromaWhere> clauses)
    {
        var list = clauses.ToList();
        return list.Count switch
        {
            0 => null,
            1 => list[0],
            _ => new ChromaWhere(new JsonObject { [op] = new JsonArray([.. list.Select(c => c._node.DeepClone())]) }),
        };
    }

    public string ToJsonString() => _node.ToJsonString();

    public override string ToString() => ToJsonString();

    internal void WriteTo(Utf8JsonWriter writer) => _node.WriteTo(writer);

    private static ChromaWhere Compare(string key, string op, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new ChromaWhere(new JsonObject { [key] = new JsonObject { [op] = value } });
    }
}
