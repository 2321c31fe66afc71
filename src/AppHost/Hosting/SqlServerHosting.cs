using AgentPlatform.Storage.Health;

namespace Aspire.Hosting;

/// <summary>A SQL Server container; its connection string targets master (databases are children).</summary>
public sealed class SqlServerServerResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    public ParameterResource PasswordParameter { get; } = password;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Server={PrimaryEndpoint.Property(EndpointProperty.Host)},{PrimaryEndpoint.Property(EndpointProperty.Port)};User ID=sa;Password={PasswordParameter};TrustServerCertificate=true");
}

/// <summary>A database on a SQL Server container; the migration step creates it.</summary>
public sealed class SqlServerDatabaseResource(string name, string databaseName, SqlServerServerResource parent)
    : Resource(name), IResourceWithParent<SqlServerServerResource>, IResourceWithConnectionString
{
    public SqlServerServerResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class SqlServerHostingExtensions
{
    public static IResourceBuilder<SqlServerServerResource> AddSqlServer(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", minLower: 1, minUpper: 1, minNumeric: 1);
        return builder.AddResource(new SqlServerServerResource(name, password))
            .WithImage("mssql/server", "2022-latest")
            .WithImageRegistry("mcr.microsoft.com")
            .WithEndpoint(port: port, targetPort: 1433, name: SqlServerServerResource.EndpointName, scheme: "tcp")
            .WithEnvironment("ACCEPT_EULA", "Y")
            .WithEnvironment("MSSQL_SA_PASSWORD", password)
            .WithConnectionStringHealthCheck(cs => new SqlServerHealthCheck(cs));
    }

    public static IResourceBuilder<SqlServerDatabaseResource> AddDatabase(this IResourceBuilder<SqlServerServerResource> server, string name, string databaseName) =>
        server.ApplicationBuilder.AddResource(new SqlServerDatabaseResource(name, databaseName, server.Resource));

    public static IResourceBuilder<SqlServerServerResource> WithDataVolume(this IResourceBuilder<SqlServerServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"agentplatform-{builder.Resource.Name}-data", "/var/opt/mssql");
}
