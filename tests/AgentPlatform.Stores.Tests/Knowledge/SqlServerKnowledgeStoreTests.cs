using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.Knowledge;

public sealed class SqlServerKnowledgeStoreTests(SqlServerDatabase database) : KnowledgeStoreConformance, IClassFixture<SqlServerDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
