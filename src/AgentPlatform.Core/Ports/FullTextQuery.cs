namespace AgentPlatform.Ports;

/// <param name="Ids">When set, only these documents (of the tenant) can match: how a caller highlights just the hits it
/// keeps after ranking candidates without highlights.</param>
/// <param name="WithContent">When false, every hit's document comes with an empty Content: how a caller that ranks
/// candidates by their ids, titles and scores skips reading each candidate's whole text.</param>
public sealed record FullTextQuery(string TenantId, string Text, SearchFilter Filter, int Offset = 0, int Limit = 10, bool Fuzzy = true, bool Highlight = true,
    IReadOnlyList<string>? Ids = null, bool WithContent = true)
{
    /// <summary>Most ids one query may name.</summary>
    public const int MaxIds = 1000;
}
