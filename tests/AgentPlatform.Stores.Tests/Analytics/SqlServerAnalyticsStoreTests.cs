using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.Analytics;

public sealed class SqlServerAnalyticsStoreTests(SqlServerDatabase database) : AnalyticsStoreConformance, IClassFixture<SqlServerDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
