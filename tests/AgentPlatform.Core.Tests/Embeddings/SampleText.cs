using System.Text;

namespace AgentPlatform.Tests.Embeddings;

internal enum Vocabulary
{
    /// <summary>Common and multi-piece English words only.</summary>
    PlainWords,
    /// <summary>Plain words plus numbers and abbreviations whose dots do not end sentences.</summary>
    Prose,
    /// <summary>Prose mixed with accented, non-Latin, CJK (no spaces), emoji, combining-mark and control-character words.</summary>
    Multilingual,
}

/// <summary>Deterministic text for chunking tests.</summary>
internal static class SampleText
{
    private static readonly string[] PlainWords =
    [
        "the", "agent", "stores", "knowledge", "about", "customers", "and", "their", "orders", "in", "a", "vector", "index",
        "photosynthesis", "mitochondrial", "neuroinflammation", "retrieval", "embedding", "tokenization",
        "percent", "of", "queries", "return", "relevant", "passages", "within", "milliseconds", "unbelievably", "fast",
    ];

    private static readonly string[] ProseWords = [.. PlainWords, "e.g.", "3.5", "i.e.", "v2.1"];

    private static readonly string[] MultilingualWords =
    [
        "Straße", "Größe", "über", "café", "naïve", "façade", "Ελληνικά", "русский", "язык", "日本語の文章", "中文句子没有空格",
        "한국어", "العربية", "עברית", "emoji😀", "e\u0301te\u0301", "Ⅻ", "ﬁnance", "🚀🚀", "x\u0001y",
    ];

    public static string Sentence(Random random, int minWords, int maxWords, Vocabulary vocabulary = Vocabulary.Prose)
    {
        int count = random.Next(minWords, maxWords + 1);
        var words = new string[count];
        for (int i = 0; i < count; i++)
        {
            string[] source = vocabulary switch
            {
                Vocabulary.PlainWords => PlainWords,
                Vocabulary.Multilingual when random.Next(3) == 0 => MultilingualWords,
                _ => ProseWords,
            };
            words[i] = source[random.Next(source.Length)];
        }
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + (random.Next(10) == 0 ? "?" : ".");
    }

    public static string Paragraph(Random random, int sentences, int minWords, int maxWords, Vocabulary vocabulary = Vocabulary.Prose) =>
        string.Join(' ', Enumerable.Range(0, sentences).Select(_ => Sentence(random, minWords, maxWords, vocabulary)));

    /// <summary>Paragraphs separated by blank lines (some lines broken with single newlines) until at least <paramref name="minLength"/> characters.</summary>
    public static string Document(int seed, int minLength, Vocabulary vocabulary = Vocabulary.Prose)
    {
        var random = new Random(seed);
        var text = new StringBuilder(minLength + 4096);
        while (text.Length < minLength)
        {
            if (text.Length > 0)
                text.Append(random.Next(4) == 0 ? "\r\n\r\n" : "\n\n");
            text.Append(Paragraph(random, random.Next(2, 12), 4, 18, vocabulary));
            if (random.Next(5) == 0)
                text.Append('\n').Append(Sentence(random, 3, 8, vocabulary));
        }
        return text.ToString();
    }
}
