using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.AgentMemory;

public sealed class SqlServerAgentMemoryStoreTests(SqlServerDatabase database) : AgentMemoryStoreConformance, IClassFixture<SqlServerDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
