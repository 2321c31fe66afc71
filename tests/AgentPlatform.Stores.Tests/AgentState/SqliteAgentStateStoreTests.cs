using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.AgentState;

public sealed class SqliteAgentStateStoreTests(SqliteDocumentsFixture documents) : AgentStateStoreConformance, IClassFixture<SqliteDocumentsFixture>
{
    protected override IServiceProvider Services => documents.Services;
    protected override IServiceProvider UnreachableServices => documents.UnreachableServices;
}
