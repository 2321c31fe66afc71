namespace AgentPlatform.AppHost.Hosting;

/// <summary>Chroma (API v2) as a container; connection string "Endpoint=http://host:port".</summary>
public sealed class ChromaResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string Registry = "docker.io";
    public const string Image = "chromadb/chroma";
    public const string Tag = "1.1.0";
    internal const string EndpointName = "http";
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)}");
}
