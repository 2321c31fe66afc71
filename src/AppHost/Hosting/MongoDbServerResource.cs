namespace AgentPlatform.AppHost.Hosting;

public sealed class MongoDbServerResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    public const string Registry = "docker.io";
    public const string Image = "mongo";
    public const string Tag = "8";
    internal const string EndpointName = "tcp";
    internal const string UserName = "admin";
    public ParameterResource PasswordParameter { get; } = password;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}/?authSource=admin");
}
