namespace AgentPlatform.Validation;

/// <summary>What text the platform accepts. Every store and index keeps UTF-8 (or UTF-16 re-encoded to it), so a lone
/// surrogate would be silently replaced on the way in; control characters in ids and labels break logs, filters and
/// file names. Both are refused up front instead.</summary>
public static class TextRules
{
    /// <summary>Longest agent, user and session id the platform accepts, in every API and every store column.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Null when the text is acceptable, else the reason. Labels (ids, titles, tags) allow no control characters,
    /// bidi controls, BOM or noncharacters;
    /// free text (content, input, output) allows tab, line feed and carriage return, and the C1 range U+0080-U+009F:
    /// real documents carry those from text decoded with the wrong code page (2 of BEIR SciFact's 5,183 abstracts hold
    /// U+0094 or U+0096), and every store keeps them as ordinary characters. C0 controls such as NUL and DEL stay refused.</summary>
    public static string? Problem(string text, bool freeText)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (!freeText && IsNoncharacter(char.ConvertToUtf32(c, text[i + 1])))
                    return "must not contain Unicode noncharacters such as U+FFFF";
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return "must be valid Unicode text (it has an unpaired surrogate)";
            if (!freeText && IsRefusedInLabels(c))
                return "must not contain bidi controls or a byte order mark";
            if (!freeText && IsNoncharacter(c))
                return "must not contain Unicode noncharacters such as U+FFFF";
            if (char.IsControl(c) && !(freeText && c is '\t' or '\n' or '\r' or >= '\u0080'))
                return freeText ? "must not contain control characters other than tab and line breaks" : "must not contain control characters";
        }
        return null;
    }

    /// <summary>True when nothing visible is left once white space and invisible characters (format characters such as
    /// zero-width space and joiners, the BOM, bidi controls, and noncharacters such as U+FFFF) are removed: such a
    /// value is as good as missing.</summary>
    public static bool IsBlank(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return true;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                var codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
                if (!IsNoncharacter(codePoint) && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(codePoint) != System.Globalization.UnicodeCategory.Format)
                    return false;
                continue;
            }
            var c = text[i];
            if (!char.IsWhiteSpace(c) && !IsNoncharacter(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
                return false;
        }
        return true;
    }

    /// <summary>Text in Unicode normalization form C, so that "café" typed as one code point or as e + combining accent is
    /// one text when hashed or compared. Text with an unpaired surrogate (refused by <see cref="Problem"/>) is returned
    /// as it is.</summary>
    public static string Nfc(string text)
    {
        try
        {
            return text.IsNormalized() ? text : text.Normalize();
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>U+FDD0-U+FDEF and the last two code points of every plane: never meant for interchange.</summary>
    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    /// <summary>Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder the text around them, so a
    /// label could read differently from what it holds ("Trojan Source"); the BOM has no place inside a label.</summary>
    private static bool IsRefusedInLabels(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\uFEFF';

    /// <summary>"field reason." for a present value that breaks the rules, else null.</summary>
    public static string? Check(string field, string? value, bool freeText) =>
        value is not null && Problem(value, freeText) is { } problem ? $"{field} {problem}." : null;
}
