namespace AgentPlatform.SearchApi.Searching;

/// <summary>Thrown when every engine a mode needs has failed.</summary>
public sealed class AllEnginesFailedException(IReadOnlyList<string> warnings)
    : Exception("No search engine answered: " + string.Join("; ", warnings))
{
    public IReadOnlyList<string> Warnings { get; } = warnings;
}
