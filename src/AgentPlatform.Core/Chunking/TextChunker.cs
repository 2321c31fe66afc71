using AgentPlatform.Domain;

namespace AgentPlatform.Chunking;

/// <summary>
/// Splits a knowledge entry into chunks that the embedding model reads without truncation.
/// The entry is read as one source text, <see cref="ComposeSource"/> (title, blank line, content); a chunk's
/// <see cref="KnowledgeChunk.StartOffset"/> is its position in that text and its <see cref="KnowledgeChunk.TokenCount"/>
/// counts the model's special tokens. Cuts prefer paragraph ends, then sentence ends, then word ends; consecutive chunks
/// overlap by up to <see cref="ChunkingOptions.OverlapTokens"/> tokens.
/// The first chunk starts with the title; every later one is embedded behind it too (<see cref="EmbeddedText"/>: the
/// title's first words, up to a quarter of a chunk), since a passage from the middle of a document often does not say
/// what it is about. Later chunks leave room for that heading, so the model still truncates nothing.
/// </summary>
/// <remarks>
/// The source is tokenized once and cut on token positions, so chunking is linear in the text's length; each chunk is
/// counted once more by the tokenizer to guarantee the limit (a cut inside a word could tokenize differently).
/// </remarks>
public sealed class TextChunker
{
    public const string TitleSeparator = "\n\n";

    private enum Boundary { None, Word, Sentence, Paragraph }

    private readonly ITextTokenizer _tokenizer;
    private readonly int _maxTokens;
    private readonly int _contentBudget;
    private readonly int _overlap;

    public TextChunker(ITextTokenizer tokenizer, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new ChunkingOptions();
        _tokenizer = tokenizer;
        _maxTokens = Math.Min(options.MaxTokens, tokenizer.MaxInputTokens);
        _contentBudget = _maxTokens - tokenizer.SpecialTokenCount;
        _overlap = options.OverlapTokens;
        if (_contentBudget < 2)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens,
                $"MaxTokens must leave room for content beyond the model's {tokenizer.SpecialTokenCount} special tokens.");
        if (_overlap < 0 || _overlap * 2 > _contentBudget)
            throw new ArgumentOutOfRangeException(nameof(options), options.OverlapTokens,
                $"OverlapTokens must be between 0 and half of the {_contentBudget} content tokens a chunk holds.");
    }

    /// <summary>The text an entry is chunked from: the title alone when the content is blank, else title, blank line, content.</summary>
    public static string ComposeSource(string title, string content)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(content))
            return title;
        return string.IsNullOrWhiteSpace(title) ? content : title + TitleSeparator + content;
    }

    /// <summary>The chunks of an entry, in order; none when title and content hold no token.</summary>
    public IReadOnlyList<KnowledgeChunk> Chunk(string title, string content)
    {
        string source = ComposeSource(title, content);
        string heading = Heading(title, content);
        int headingTokens = heading.Length == 0 ? 0 : _tokenizer.CountTokens(heading + TitleSeparator) - _tokenizer.SpecialTokenCount;
        IReadOnlyList<TokenSpan> tokens = _tokenizer.Tokenize(source);
        var chunks = new List<KnowledgeChunk>();
        int start = 0;
        while (start < tokens.Count)
        {
            bool first = chunks.Count == 0;
            int budget = first ? _contentBudget : Math.Max(1, _contentBudget - headingTokens);
            var (end, text, tokenCount) = FitToLimit(source, tokens, start, ChooseEnd(source, tokens, start, budget), first ? "" : heading);
            chunks.Add(new KnowledgeChunk(chunks.Count, text, tokens[start].Start, tokenCount));
            if (end == tokens.Count)
                break;
            start = ChooseNextStart(source, tokens, start, end);
        }
        return chunks;
    }

    /// <summary>What the model reads for each of these chunks of the entry with this title and content: the first chunk
    /// as it is (it starts with the title), a later one behind the title's heading and a blank line. The heading is cut
    /// once for all of them.</summary>
    public IReadOnlyList<string> EmbeddedTexts(string title, string content, IReadOnlyList<KnowledgeChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        string heading = chunks.Any(c => c.Index != 0) ? Heading(title, content) : "";
        return [.. chunks.Select(c => c.Index == 0 || heading.Length == 0 ? c.Text : heading + TitleSeparator + c.Text)];
    }

    /// <summary>The title as later chunks repeat it: whole words, at most a quarter of a chunk's tokens; empty when
    /// there is no title or the title is all there is.</summary>
    private string Heading(string title, string content)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(content))
            return "";
        IReadOnlyList<TokenSpan> tokens = _tokenizer.Tokenize(title);
        int cap = _contentBudget / 4;
        if (tokens.Count == 0 || cap == 0)
            return "";
        if (tokens.Count <= cap)
            return title[tokens[0].Start..tokens[^1].End];
        int cut = cap;
        while (cut > 1 && tokens[cut].ContinuesWord)
            cut--;
        return title[tokens[0].Start..tokens[cut - 1].End];
    }

    /// <summary>
    /// The exclusive end token of the chunk starting at <paramref name="start"/> holding at most <paramref name="budget"/>
    /// tokens: the latest paragraph or sentence end in the second half of the window, else the latest word end that still
    /// leaves more than the overlap, else the window's end.
    /// </summary>
    private int ChooseEnd(string source, IReadOnlyList<TokenSpan> tokens, int start, int budget)
    {
        int limit = Math.Min(tokens.Count, start + budget);
        if (limit == tokens.Count)
            return limit;

        int structuralFloor = start + budget / 2;
        int sentenceCut = -1, wordCut = -1;
        for (int cut = limit; cut > start + _overlap; cut--)
        {
            Boundary boundary = BoundaryBefore(source, tokens, cut);
            if (cut >= structuralFloor)
            {
                if (boundary == Boundary.Paragraph)
                    return cut;
                if (boundary == Boundary.Sentence && sentenceCut < 0)
                    sentenceCut = cut;
            }
            else if (wordCut >= 0)
            {
                break;
            }
            if (boundary != Boundary.None && wordCut < 0)
                wordCut = cut;
        }
        return sentenceCut >= 0 ? sentenceCut : wordCut >= 0 ? wordCut : limit;
    }

    /// <summary>
    /// Where the chunk after [start, end) begins: at most <see cref="_overlap"/> tokens before <paramref name="end"/>,
    /// at the first sentence start in that window (a whole sentence embeds better than its tail), else at its first word start.
    /// </summary>
    private int ChooseNextStart(string source, IReadOnlyList<TokenSpan> tokens, int start, int end)
    {
        int from = Math.Max(end - _overlap, start + 1);
        for (int cut = from; cut < end; cut++)
        {
            if (BoundaryBefore(source, tokens, cut) >= Boundary.Sentence)
                return cut;
        }
        for (int cut = from; cut < end; cut++)
        {
            if (BoundaryBefore(source, tokens, cut) != Boundary.None)
                return cut;
        }
        return Math.Min(from, end);
    }

    /// <summary>Counts the chunk (behind its heading, when it has one) with the tokenizer and moves its end back to
    /// earlier word ends until it fits.</summary>
    private (int End, string Text, int TokenCount) FitToLimit(string source, IReadOnlyList<TokenSpan> tokens, int start, int end, string heading)
    {
        while (true)
        {
            string text = source[tokens[start].Start..tokens[end - 1].End];
            int tokenCount = _tokenizer.CountTokens(text);
            int embeddedCount = heading.Length == 0 ? tokenCount : _tokenizer.CountTokens(heading + TitleSeparator + text);
            if (embeddedCount <= _maxTokens || end - start == 1)
                return (end, text, tokenCount);
            end = PreviousWordCut(source, tokens, start, end);
        }
    }

    private static int PreviousWordCut(string source, IReadOnlyList<TokenSpan> tokens, int start, int end)
    {
        for (int cut = end - 1; cut > start; cut--)
        {
            if (BoundaryBefore(source, tokens, cut) != Boundary.None)
                return cut;
        }
        return end - 1;
    }

    /// <summary>How good a cut between token <paramref name="cut"/> - 1 and token <paramref name="cut"/> is.</summary>
    private static Boundary BoundaryBefore(string source, IReadOnlyList<TokenSpan> tokens, int cut)
    {
        TokenSpan next = tokens[cut];
        if (next.ContinuesWord)
            return Boundary.None;
        TokenSpan previous = tokens[cut - 1];
        ReadOnlySpan<char> gap = source.AsSpan(previous.End, next.Start - previous.End);
        int lineBreaks = gap.Count('\n');
        if (lineBreaks >= 2)
            return Boundary.Paragraph;
        if (lineBreaks == 1 || EndsSentence(source, previous, followedBySpace: !gap.IsEmpty))
            return Boundary.Sentence;
        return Boundary.Word;
    }

    /// <summary>A sentence ends at a lone terminator token; a Latin one must be followed by space ("e.g" and "3.5" do not end one).</summary>
    private static bool EndsSentence(string source, TokenSpan token, bool followedBySpace)
    {
        if (token.End - token.Start != 1)
            return false;
        char c = source[token.Start];
        return c is '。' or '！' or '？' || (followedBySpace && c is '.' or '!' or '?');
    }
}
