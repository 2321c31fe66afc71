namespace AgentPlatform.TestSupport;

/// <summary>The trait that sets the slow suites apart: those that start Chroma, service hosts over real stores, a
/// browser or the AppHost. <c>dotnet test --filter "Speed!=Slow"</c> runs the rest in seconds.</summary>
public static class TestSpeed
{
    public const string Trait = "Speed";
    public const string Slow = "Slow";
}
