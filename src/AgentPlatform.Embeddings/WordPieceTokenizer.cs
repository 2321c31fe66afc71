using System.Buffers;
using AgentPlatform.Chunking;
using Microsoft.ML.Tokenizers;

namespace AgentPlatform.Embeddings;

/// <summary>
/// The WordPiece tokenizer of a BERT-family embedding model, set up like the model's reference (Hugging Face)
/// tokenizer: lower-casing (for uncased vocabularies), accent stripping, CJK characters split apart, input framed as
/// [CLS] text [SEP], at most <see cref="MaxSequenceLength"/> tokens. Thread-safe.
/// </summary>
public sealed class WordPieceTokenizer : ITextTokenizer
{
    private const string ContinuationPrefix = "##";

    // The reference tokenizer reads tab, line feed and carriage return as spaces; BertTokenizer drops them as control
    // characters, which would glue the words on either side together ("line1\nline2" -> "line1line2").
    private static readonly SearchValues<char> TabsAndLineBreaks = SearchValues.Create("\t\n\r");

    private readonly BertTokenizer _bert;

    private WordPieceTokenizer(BertTokenizer bert, int maxSequenceLength)
    {
        _bert = bert;
        MaxSequenceLength = maxSequenceLength;
    }

    /// <summary>Reads the vocabulary (one word piece per line, LF or CRLF).</summary>
    public static WordPieceTokenizer Create(Stream vocabulary, int maxSequenceLength, bool lowerCase = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 3);
        return new(BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase }), maxSequenceLength);
    }

    /// <summary>The model's max_seq_length: longer inputs are truncated to this many tokens, special tokens included.</summary>
    public int MaxSequenceLength { get; }

    public int MaxInputTokens => MaxSequenceLength;

    public int SpecialTokenCount => 2;

    public int CountTokens(string text) => _bert.CountTokens(Prepare(text)) + SpecialTokenCount;

    /// <summary>The model's input ids: [CLS], the text's word pieces up to the length limit, [SEP].</summary>
    public int[] EncodeForModel(string text) =>
        [.. _bert.EncodeToIds(Prepare(text), MaxSequenceLength, addSpecialTokens: true, out _, out _)];

    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
        string prepared = Prepare(text);
        IReadOnlyList<EncodedToken> tokens = _bert.EncodeToTokens(prepared, out string? normalizedText);
        string normalized = normalizedText ?? prepared;
        NormalizedOffsetMap offsets = NormalizedOffsetMap.Create(prepared, normalized, _bert.Normalizer);
        var spans = new TokenSpan[tokens.Count];
        for (int i = 0; i < spans.Length; i++)
        {
            var (offset, length) = tokens[i].Offset.GetOffsetAndLength(normalized.Length);
            spans[i] = new TokenSpan(
                offsets.OriginalStart(offset),
                offsets.OriginalEnd(offset + length - 1),
                tokens[i].Value.StartsWith(ContinuationPrefix, StringComparison.Ordinal));
        }
        return spans;
    }

    /// <summary>Same length as the input, so token offsets stay valid for it.</summary>
    private static string Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAny(TabsAndLineBreaks))
            return text;
        return string.Create(text.Length, text, static (target, source) =>
        {
            source.AsSpan().CopyTo(target);
            target.ReplaceAny(TabsAndLineBreaks, ' ');
        });
    }
}
