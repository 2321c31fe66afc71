using AgentPlatform.Storage.Health;

namespace Aspire.Hosting;

/// <summary>Single-node Elasticsearch 9 with security on (user "elastic") over plain http inside the app network.</summary>
public sealed class ElasticsearchResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string EndpointName = "http";
    internal const string UserName = "elastic";
    public ParameterResource PasswordParameter { get; } = password;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"http://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}

public static class ElasticsearchHostingExtensions
{
    public static IResourceBuilder<ElasticsearchResource> AddElasticsearch(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return builder.AddResource(new ElasticsearchResource(name, password))
            .WithImage("elasticsearch/elasticsearch", "9.1.5")
            .WithImageRegistry("docker.elastic.co")
            .WithHttpEndpoint(port: port, targetPort: 9200, name: ElasticsearchResource.EndpointName)
            .WithEnvironment("discovery.type", "single-node")
            .WithEnvironment("xpack.security.enabled", "true")
            .WithEnvironment("xpack.security.http.ssl.enabled", "false")
            .WithEnvironment("ELASTIC_PASSWORD", password)
            .WithEnvironment("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
            .WithConnectionStringHealthCheck(cs => new HttpStoreHealthCheck(HttpStoreHealthCheck.SharedClient, cs, "/_cluster/health", "Elasticsearch"));
    }

    public static IResourceBuilder<ElasticsearchResource> WithDataVolume(this IResourceBuilder<ElasticsearchResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"agentplatform-{builder.Resource.Name}-data", "/usr/share/elasticsearch/data");
}
