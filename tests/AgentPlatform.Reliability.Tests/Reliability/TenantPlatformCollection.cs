namespace AgentPlatform.Tests.Reliability;

[CollectionDefinition(Name)]
public sealed class TenantPlatformCollection : ICollectionFixture<TenantPlatformFixture>
{
    public const string Name = "tenant platform";
}
