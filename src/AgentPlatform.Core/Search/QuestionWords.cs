using System.Text.RegularExpressions;

namespace AgentPlatform.Search;

/// <summary>The words a question wraps around what it asks: interrogatives (what, when, where, which, who, whom, whose, why,
/// how) and the auxiliary and modal verbs English moves before the subject in a question (do, does, did, is, are, was,
/// were, has, have, had, can, could, will, would, should, might). "May" stays: it is also a month. In a conversation
/// these words fill the turns that ask something ("what did you do?"), so as query terms they pull a question's look-alikes
/// above the turn that answers it; the analyzer's stop list (articles, prepositions) leaves them in.</summary>
public static partial class QuestionWords
{
    /// <summary>The query without its question words, its other text unchanged; the query as it is when nothing else is left.</summary>
    public static string Remove(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rest = Pattern().Replace(query, " ");
        return rest.Any(char.IsLetterOrDigit) ? rest : query;
    }

    [GeneratedRegex(@"\b(?:what|when|where|which|who|whom|whose|why|how|do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|might)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
