namespace AgentPlatform.AppHost.Hosting;

public static class ElasticsearchHostingExtensions
{
    /// <summary>Elasticsearch with the "elastic" user's <paramref name="password"/> (generated when null) on host port
    /// <paramref name="port"/> (chosen by Aspire when null).</summary>
    public static IResourceBuilder<ElasticsearchResource> AddElasticsearch(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        ResourceArguments.Require(builder, name);
        ResourceArguments.RequirePort(port);
        var elastic = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return builder.AddResource(new ElasticsearchResource(name, elastic))
            .WithImage(ElasticsearchResource.Image, ElasticsearchResource.Tag)
            .WithImageRegistry(ElasticsearchResource.Registry)
            .WithHttpEndpoint(port: port, targetPort: 9200, name: ElasticsearchResource.EndpointName)
            .WithEnvironment("discovery.type", "single-node")
            .WithEnvironment("xpack.security.enabled", "true")
            .WithEnvironment("xpack.security.http.ssl.enabled", "false")
            .WithEnvironment("ELASTIC_PASSWORD", elastic)
            .WithEnvironment("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
            // Security is on and the check carries no credentials: the node is up once its REST layer refuses an
            // anonymous caller (401); the services' initializers then wait for the cluster itself.
            .WithHttpHealthCheck("/_cluster/health", statusCode: 401, endpointName: ElasticsearchResource.EndpointName);
    }

    /// <summary>A named volume for the data files; null names it after the app and the resource (Aspire's scheme).</summary>
    public static IResourceBuilder<ElasticsearchResource> WithDataVolume(this IResourceBuilder<ElasticsearchResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/usr/share/elasticsearch/data");
}
