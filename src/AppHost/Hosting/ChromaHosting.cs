using AgentPlatform.ChromaLauncher;
using AgentPlatform.Storage.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Chroma (API v2) as a container; connection string "Endpoint=http://host:port".</summary>
public sealed class ChromaResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string EndpointName = "http";
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)}");
}

/// <summary>Chroma run from the pinned npm package (node cli.mjs run, <see cref="ChromaPackage"/>) when there is no container runtime.</summary>
public sealed class ChromaExecutableResource(string name, string workingDirectory)
    : ExecutableResource(name, "node", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "http";
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)}");
}

public static class ChromaHostingExtensions
{
    public const string HeartbeatPath = "/" + ChromaPackage.HeartbeatPath;

    public static IResourceBuilder<ChromaResource> AddChroma(this IDistributedApplicationBuilder builder, string name, int? port = null) =>
        builder.AddResource(new ChromaResource(name))
            .WithImage("chromadb/chroma", "1.1.0")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(port: port, targetPort: 8000, name: ChromaResource.EndpointName)
            .WithEnvironment("ANONYMIZED_TELEMETRY", "FALSE")
            .WithHttpHealthCheck(HeartbeatPath);

    public static IResourceBuilder<ChromaResource> WithDataVolume(this IResourceBuilder<ChromaResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"agentplatform-{builder.Resource.Name}-data", "/data");

    /// <summary>Runs Chroma from <paramref name="package"/> (the pinned npm package). When it is not installed yet,
    /// Chroma's start waits for <see cref="ChromaPackage.EnsureInstalledAsync"/> (npm ci under the package's install
    /// lock, shared with the tests and the bench), whose output goes to the resource's log.</summary>
    public static IResourceBuilder<ChromaExecutableResource> AddChromaExecutable(this IDistributedApplicationBuilder builder, string name, ChromaPackage package, string dataDirectory)
    {
        var chroma = builder.AddResource(new ChromaExecutableResource(name, package.Directory))
            .WithHttpEndpoint(name: ChromaExecutableResource.EndpointName)
            .WithHttpHealthCheck(HeartbeatPath);
        foreach (var (key, value) in ChromaPackage.ServerEnvironment)
            chroma.WithEnvironment(key, value);
        var endpoint = chroma.GetEndpoint(ChromaExecutableResource.EndpointName);
        chroma.WithArgs(ctx =>
        {
            foreach (var argument in package.RunArguments(dataDirectory, endpoint.Property(EndpointProperty.TargetPort)))
                ctx.Args.Add(argument);
        });
        chroma.OnBeforeResourceStarted(async (resource, e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await package.EnsureInstalledAsync(line => logger.LogInformation("npm: {Line}", line), ct);
        });
        return chroma;
    }
}
