using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace AgentPlatform.Embeddings;

/// <summary>
/// Maps positions in BertTokenizer's normalized text (where its token offsets point) back to the original text.
/// Normalization changes lengths: it drops control characters, strips accents and pads CJK characters with spaces.
/// Each text element (grapheme) of the original is normalized on its own to learn how many characters it became.
/// </summary>
internal sealed class NormalizedOffsetMap
{
    // For each normalized character: the start and end of the original text element it came from (null: identity).
    private readonly int[]? _starts;
    private readonly int[]? _ends;

    private NormalizedOffsetMap(int[]? starts, int[]? ends)
    {
        _starts = starts;
        _ends = ends;
    }

    public int OriginalStart(int normalizedIndex) => _starts?[normalizedIndex] ?? normalizedIndex;

    /// <summary>The end (exclusive) in the original of the element that produced the normalized character.</summary>
    public int OriginalEnd(int normalizedIndex) => _ends?[normalizedIndex] ?? normalizedIndex + 1;

    public static NormalizedOffsetMap Create(string original, string normalized, Normalizer? normalizer)
    {
        // ASCII normalization only lower-cases and drops controls; with no length change nothing was dropped.
        if (normalized.Length == original.Length && Ascii.IsValid(original))
            return new(null, null);

        var starts = new int[normalized.Length];
        var ends = new int[normalized.Length];
        int position = 0;
        for (int i = 0; i < original.Length;)
        {
            int elementLength, normalizedLength;
            char c = original[i];
            if (char.IsAscii(c) && (i + 1 == original.Length || char.IsAscii(original[i + 1])))
            {
                elementLength = 1;
                normalizedLength = char.IsControl(c) ? 0 : 1;
            }
            else
            {
                elementLength = StringInfo.GetNextTextElementLength(original.AsSpan(i));
                normalizedLength = normalizer?.Normalize(original.AsSpan(i, elementLength)).Length ?? elementLength;
            }
            if (position + normalizedLength > normalized.Length)
                return Proportional(original.Length, normalized.Length);
            starts.AsSpan(position, normalizedLength).Fill(i);
            ends.AsSpan(position, normalizedLength).Fill(i + elementLength);
            position += normalizedLength;
            i += elementLength;
        }
        return position == normalized.Length ? new(starts, ends) : Proportional(original.Length, normalized.Length);
    }

    /// <summary>
    /// Fallback for text whose elements normalize differently together than apart: positions scaled linearly.
    /// Approximate, but monotonic and inside the text, which is all a chunk cut needs (the chunker re-counts each chunk).
    /// </summary>
    private static NormalizedOffsetMap Proportional(int originalLength, int normalizedLength)
    {
        var starts = new int[normalizedLength];
        var ends = new int[normalizedLength];
        for (int p = 0; p < normalizedLength; p++)
        {
            starts[p] = (int)((long)p * originalLength / normalizedLength);
            ends[p] = Math.Max(starts[p] + 1, (int)((long)(p + 1) * originalLength / normalizedLength));
        }
        return new(starts, ends);
    }
}
