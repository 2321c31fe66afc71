namespace AgentPlatform.Domain;

/// <summary>Logical store names: connection string names, health check names and AppHost resource references.</summary>
public static class StoreNames
{
    public const string Relational = "relational";
    public const string Documents = "documents";
    public const string FullText = "fulltext";
    public const string Vectors = "vectors";

    public static readonly IReadOnlyList<string> All = [Relational, Documents, FullText, Vectors];
}
