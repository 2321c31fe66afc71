using AgentPlatform.ChromaLauncher;

namespace AgentPlatform.AppHost.Hosting;

/// <summary>Chroma run from the pinned npm package (node cli.mjs run, <see cref="ChromaPackage"/>) when there is no container runtime.</summary>
public sealed class ChromaExecutableResource(string name, string workingDirectory)
    : ExecutableResource(name, "node", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "http";
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)}");
}
