namespace AgentPlatform.Tests.Vectors;

// xunit finds collection definitions in the test assembly only, so each project that shares this fixture declares it.
[CollectionDefinition(Name)]
public sealed class ChromaServerCollection : ICollectionFixture<ChromaServerFixture>
{
    public const string Name = "Chroma server";
}
