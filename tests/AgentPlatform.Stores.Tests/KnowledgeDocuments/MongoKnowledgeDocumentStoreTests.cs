using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.KnowledgeDocuments;

public sealed class MongoKnowledgeDocumentStoreTests(MongoDocumentsFixture mongo) : KnowledgeDocumentStoreConformance, IClassFixture<MongoDocumentsFixture>
{
    protected override IServiceProvider Services => mongo.Services;
    protected override IServiceProvider UnreachableServices => MongoDocumentsFixture.UnreachableServices;
}
