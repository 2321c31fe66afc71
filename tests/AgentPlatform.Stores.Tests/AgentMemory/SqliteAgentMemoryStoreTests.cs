using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.AgentMemory;

public sealed class SqliteAgentMemoryStoreTests(SqliteDatabase database) : AgentMemoryStoreConformance, IClassFixture<SqliteDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
