namespace AgentPlatform.Validation;

/// <summary>What text the platform accepts. Every store and index keeps UTF-8 (or UTF-16 re-encoded to it), so a lone
/// surrogate would be silently replaced on the way in; control characters in ids and labels break logs, filters and
/// file names. Both are refused up front instead.</summary>
public static class TextRules
{
    /// <summary>Longest agent, user and session id the platform accepts, in every API and every store column.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Null when the text is acceptable, else the reason. Labels (ids, titles, tags) allow no control characters;
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
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return "must be valid Unicode text (it has an unpaired surrogate)";
            if (char.IsControl(c) && !(freeText && c is '\t' or '\n' or '\r' or >= '\u0080'))
                return freeText ? "must not contain control characters other than tab and line breaks" : "must not contain control characters";
        }
        return null;
    }

    /// <summary>"field reason." for a present value that breaks the rules, else null.</summary>
    public static string? Check(string field, string? value, bool freeText) =>
        value is not null && Problem(value, freeText) is { } problem ? $"{field} {problem}." : null;
}
