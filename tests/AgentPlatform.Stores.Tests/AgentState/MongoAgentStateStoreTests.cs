using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.AgentState;

public sealed class MongoAgentStateStoreTests(MongoDocumentsFixture mongo) : AgentStateStoreConformance, IClassFixture<MongoDocumentsFixture>
{
    protected override IServiceProvider Services => mongo.Services;
    protected override IServiceProvider UnreachableServices => MongoDocumentsFixture.UnreachableServices;
}
