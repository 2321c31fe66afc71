using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.KnowledgeDocuments;

public sealed class SqliteKnowledgeDocumentStoreTests(SqliteDocumentsFixture documents) : KnowledgeDocumentStoreConformance, IClassFixture<SqliteDocumentsFixture>
{
    protected override IServiceProvider Services => documents.Services;
    protected override IServiceProvider UnreachableServices => documents.UnreachableServices;
}
