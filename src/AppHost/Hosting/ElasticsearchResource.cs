namespace AgentPlatform.AppHost.Hosting;

/// <summary>Single-node Elasticsearch 9 with security on (user "elastic") over plain http inside the app network.</summary>
public sealed class ElasticsearchResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    public const string Registry = "docker.elastic.co";
    public const string Image = "elasticsearch/elasticsearch";
    public const string Tag = "9.1.5";
    internal const string EndpointName = "http";
    internal const string UserName = "elastic";
    public ParameterResource PasswordParameter { get; } = password;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"http://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
