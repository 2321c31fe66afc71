namespace AgentPlatform.Chunking;

/// <summary>
/// One token of a text as a span of that text: [Start, End) in UTF-16 code units.
/// <paramref name="ContinuesWord"/> is true for a word piece that continues the previous token's word
/// (e.g. "##able"); cutting a text there would change how its pieces tokenize.
/// </summary>
public readonly record struct TokenSpan(int Start, int End, bool ContinuesWord);
