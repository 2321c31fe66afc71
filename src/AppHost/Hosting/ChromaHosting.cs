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

/// <summary>Chroma run from the pinned npm package (node cli.mjs run) when there is no container runtime.</summary>
public sealed class ChromaExecutableResource(string name, string workingDirectory)
    : ExecutableResource(name, "node", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "http";
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)}");
}

public static class ChromaHostingExtensions
{
    public const string HeartbeatPath = "/api/v2/heartbeat";

    /// <summary>Chroma on host port <paramref name="port"/> (chosen by Aspire when null); healthy once its heartbeat answers.</summary>
    public static IResourceBuilder<ChromaResource> AddChroma(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        ResourceArguments.Require(builder, name);
        ResourceArguments.RequirePort(port);
        return builder.AddResource(new ChromaResource(name))
            .WithImage(ChromaResource.Image, ChromaResource.Tag)
            .WithImageRegistry(ChromaResource.Registry)
            .WithHttpEndpoint(port: port, targetPort: 8000, name: ChromaResource.EndpointName)
            .WithEnvironment("ANONYMIZED_TELEMETRY", "FALSE")
            .WithHttpHealthCheck(HeartbeatPath);
    }

    /// <summary>A named volume for the data files; null names it after the app and the resource (Aspire's scheme).</summary>
    public static IResourceBuilder<ChromaResource> WithDataVolume(this IResourceBuilder<ChromaResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/data");

    /// <summary>Runs Chroma from <paramref name="packageDirectory"/> (package.json pinning chromadb). When its
    /// node_modules are missing, an install step (npm ci) runs first and Chroma waits for it to complete.</summary>
    public static IResourceBuilder<ChromaExecutableResource> AddChromaExecutable(this IDistributedApplicationBuilder builder, string name, string packageDirectory, string dataDirectory)
    {
        var chroma = builder.AddResource(new ChromaExecutableResource(name, packageDirectory))
            .WithArgs("node_modules/chromadb/dist/cli.mjs", "run")
            .WithHttpEndpoint(name: ChromaExecutableResource.EndpointName)
            .WithEnvironment("ANONYMIZED_TELEMETRY", "FALSE")
            .WithHttpHealthCheck(HeartbeatPath);
        var endpoint = chroma.GetEndpoint(ChromaExecutableResource.EndpointName);
        chroma.WithArgs(ctx =>
        {
            ctx.Args.Add("--path");
            ctx.Args.Add(dataDirectory);
            ctx.Args.Add("--host");
            ctx.Args.Add("127.0.0.1");
            ctx.Args.Add("--port");
            ctx.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
        });
        if (!File.Exists(Path.Combine(packageDirectory, "node_modules", "chromadb", "dist", "cli.mjs")))
        {
            var install = builder.AddExecutable($"{name}-install", "npm", packageDirectory, "ci", "--no-audit", "--no-fund");
            chroma.WaitForCompletion(install);
        }
        return chroma;
    }
}
