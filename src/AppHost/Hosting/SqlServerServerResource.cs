namespace AgentPlatform.AppHost.Hosting;

/// <summary>A SQL Server container; its connection string targets master (databases are children).</summary>
public sealed class SqlServerServerResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    public const string Registry = "mcr.microsoft.com";
    public const string Image = "mssql/server";
    public const string Tag = "2022-latest";
    internal const string EndpointName = "tcp";
    public ParameterResource PasswordParameter { get; } = password;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Server={PrimaryEndpoint.Property(EndpointProperty.Host)},{PrimaryEndpoint.Property(EndpointProperty.Port)};User ID=sa;Password={PasswordParameter};TrustServerCertificate=true");
}
