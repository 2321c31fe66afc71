using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AgentPlatform.Storage.Relational.SqlServer;

/// <summary>For `dotnet ef migrations add ... --context SqlServerAgentDbContext`; never connects.</summary>
public sealed class SqlServerAgentDbContextDesignFactory : IDesignTimeDbContextFactory<SqlServerAgentDbContext>
{
    public SqlServerAgentDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerAgentDbContext>();
        SqlServerAgentDbContext.Configure(options, "Server=localhost;Database=agentplatform;Integrated Security=false;TrustServerCertificate=true");
        return new SqlServerAgentDbContext(options.Options);
    }
}
