using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.Conversations;

public sealed class MongoConversationStoreTests(MongoDocumentsFixture mongo) : ConversationStoreConformance, IClassFixture<MongoDocumentsFixture>
{
    protected override IServiceProvider Services => mongo.Services;
    protected override IServiceProvider UnreachableServices => MongoDocumentsFixture.UnreachableServices;
}
