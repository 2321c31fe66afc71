using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AgentPlatform.Storage.Relational.Sqlite;

/// <summary>For `dotnet ef migrations add ... --context SqliteAgentDbContext`; never opens the file.</summary>
public sealed class SqliteAgentDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteAgentDbContext>
{
    public SqliteAgentDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAgentDbContext>();
        SqliteAgentDbContext.Configure(options, "Data Source=design-time.db");
        return new SqliteAgentDbContext(options.Options);
    }
}
