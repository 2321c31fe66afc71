namespace AgentPlatform.AppHost.Hosting;

/// <summary>A database on a SQL Server container; the migration step creates it.</summary>
public sealed class SqlServerDatabaseResource(string name, string databaseName, SqlServerServerResource parent)
    : Resource(name), IResourceWithParent<SqlServerServerResource>, IResourceWithConnectionString
{
    public SqlServerServerResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
