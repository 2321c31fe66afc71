using AgentPlatform.Contracts;
using AgentPlatform.Knowledge;

namespace AgentPlatform.Bench;

/// <summary>
/// Generated text for the load: knowledge entries, search queries, interactions and messages drawn from one small
/// vocabulary, so the searches find what the load ingests. Every entry carries a random token ("zq" and ten letters)
/// that makes it unique (no duplicate title + content) and lets a full-text search find exactly that entry afterwards.
/// </summary>
internal static class LoadText
{
    public static readonly string[] Categories = ["architecture", "operations", "research", "support"];

    private static readonly string[] Subjects =
    [
        "the embedding worker", "a hybrid query", "the vector index", "an agent session", "the outbox relay", "the rate limiter",
        "the full-text analyzer", "conversation memory", "the search ranker", "a planning agent", "the ingestion api", "the state store",
    ];

    private static readonly string[] Verbs =
    [
        "batches", "ranks", "stores", "retries", "compresses", "summarizes", "filters", "replays", "caches", "validates", "merges", "tracks",
    ];

    private static readonly string[] Objects =
    [
        "document chunks", "cosine similarities", "tool call results", "user feedback", "interaction logs", "stale versions",
        "search highlights", "token budgets", "retrieval candidates", "long transcripts", "metadata filters", "failed attempts",
    ];

    private static readonly string[] Qualifiers =
    [
        "under heavy load", "within one tenant", "after every restart", "without losing order", "in small batches", "before the deadline",
        "across sessions", "with reciprocal rank fusion", "for travel planning", "for billing questions", "on two shared cores", "with optimistic concurrency",
    ];

    private static readonly string[] Tags = ["load", "vectors", "memory", "search", "ops"];
    private static readonly string[] Intents = ["search", "plan", "billing", "travel", "support"];

    public static string Token(Random random) =>
        "zq" + string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('a' + random.Next(26))));

    /// <summary>A unique entry of three sentences (about 40 tokens: cheap to embed) carrying <paramref name="token"/>.</summary>
    public static KnowledgeInput Entry(Random random, string token, string source)
    {
        string title = Capitalize($"{Pick(random, Subjects)} {Pick(random, Verbs)} {Pick(random, Objects)}");
        string content = string.Join(' ', Enumerable.Range(0, 3).Select(_ => Sentence(random))) + $" Reference {token}.";
        return new KnowledgeInput(title, content, Pick(random, Categories), [.. Tags.OrderBy(_ => random.Next()).Take(1 + random.Next(2))], source);
    }

    /// <summary>Two to five words of the vocabulary, in a few shapes ("token budgets before the deadline", "ranks stale versions").</summary>
    public static string Query(Random random) => random.Next(3) switch
    {
        0 => $"{Pick(random, Objects)} {Pick(random, Qualifiers)}",
        1 => $"{Pick(random, Verbs)} {Pick(random, Objects)}",
        _ => $"how {Pick(random, Subjects)} {Pick(random, Verbs)}",
    };

    public static string Sentence(Random random) =>
        Capitalize($"{Pick(random, Subjects)} {Pick(random, Verbs)} {Pick(random, Objects)} {Pick(random, Qualifiers)}.");

    public static string Intent(Random random) => Pick(random, Intents);

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
