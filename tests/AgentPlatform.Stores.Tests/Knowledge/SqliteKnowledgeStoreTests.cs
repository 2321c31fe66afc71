using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.Knowledge;

public sealed class SqliteKnowledgeStoreTests(SqliteDatabase database) : KnowledgeStoreConformance, IClassFixture<SqliteDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
