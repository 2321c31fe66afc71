using HealthChecks.SqlServer;

namespace AgentPlatform.AppHost.Hosting;

public static class SqlServerHostingExtensions
{
    /// <summary>SQL Server with the sa password <paramref name="password"/> (generated when null) on host port
    /// <paramref name="port"/> (chosen by Aspire when null); healthy once it answers SELECT 1.</summary>
    public static IResourceBuilder<SqlServerServerResource> AddSqlServer(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        ResourceArguments.Require(builder, name);
        ResourceArguments.RequirePort(port);
        var sa = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", minLower: 1, minUpper: 1, minNumeric: 1);
        return builder.AddResource(new SqlServerServerResource(name, sa))
            .WithImage(SqlServerServerResource.Image, SqlServerServerResource.Tag)
            .WithImageRegistry(SqlServerServerResource.Registry)
            .WithEndpoint(port: port, targetPort: 1433, name: SqlServerServerResource.EndpointName, scheme: "tcp")
            .WithEnvironment("ACCEPT_EULA", "Y")
            .WithEnvironment("MSSQL_SA_PASSWORD", sa)
            .WithConnectionStringHealthCheck(cs => new SqlServerHealthCheck(new SqlServerHealthCheckOptions { ConnectionString = cs }));
    }

    public static IResourceBuilder<SqlServerDatabaseResource> AddDatabase(this IResourceBuilder<SqlServerServerResource> server, string name, string databaseName)
    {
        ResourceArguments.RequireDatabase(server, name, databaseName);
        return server.ApplicationBuilder.AddResource(new SqlServerDatabaseResource(name, databaseName, server.Resource));
    }

    /// <summary>A named volume for the data files; null names it after the app and the resource (Aspire's scheme).</summary>
    public static IResourceBuilder<SqlServerServerResource> WithDataVolume(this IResourceBuilder<SqlServerServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/var/opt/mssql");
}
