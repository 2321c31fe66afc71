using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.Conversations;

public sealed class SqliteConversationStoreTests(SqliteDocumentsFixture documents) : ConversationStoreConformance, IClassFixture<SqliteDocumentsFixture>
{
    protected override IServiceProvider Services => documents.Services;
    protected override IServiceProvider UnreachableServices => documents.UnreachableServices;
}
