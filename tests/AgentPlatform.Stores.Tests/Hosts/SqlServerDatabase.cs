using AgentPlatform.Domain;
using AgentPlatform.Storage.Relational.SqlServer;
using AgentPlatform.Tests.Support;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Hosts;

/// <summary>A database of its own on the server named by AGENTPLATFORM_TEST_SQLSERVER (created by the
/// migrations, dropped afterwards); without the variable every test using it is skipped.</summary>
public sealed class SqlServerDatabase : RelationalDatabase
{
    protected override RelationalTarget? CreateTarget()
    {
        if (LiveStore.ConnectionString(LiveStore.SqlServerVariable) is not { } server)
            return null;
        var database = new SqlConnectionStringBuilder(server) { InitialCatalog = $"agentplatform_test_{Guid.NewGuid():N}" };
        return new RelationalTarget(StorageBackend.Containers, database.ConnectionString);
    }

    protected override void SkipWhenUnavailable() => LiveStore.Require(LiveStore.SqlServerVariable);

    protected override async Task DropAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SqlServerAgentDbContext>>()
            .CreateDbContextAsync(TestContext.Current.CancellationToken);
        await db.Database.EnsureDeletedAsync(TestContext.Current.CancellationToken);
    }
}
