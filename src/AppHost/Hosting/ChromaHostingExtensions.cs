using AgentPlatform.ChromaLauncher;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AppHost.Hosting;

public static class ChromaHostingExtensions
{
    public const string HeartbeatPath = "/" + ChromaPackage.HeartbeatPath;

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
