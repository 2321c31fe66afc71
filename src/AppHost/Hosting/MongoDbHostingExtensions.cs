namespace AgentPlatform.AppHost.Hosting;

public static class MongoDbHostingExtensions
{
    /// <summary>MongoDB with root user "admin" and <paramref name="password"/> (generated when null) on host port
    /// <paramref name="port"/> (chosen by Aspire when null); healthy once it answers ping.</summary>
    public static IResourceBuilder<MongoDbServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        ResourceArguments.Require(builder, name);
        ResourceArguments.RequirePort(port);
        var root = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return builder.AddResource(new MongoDbServerResource(name, root))
            .WithImage(MongoDbServerResource.Image, MongoDbServerResource.Tag)
            .WithImageRegistry(MongoDbServerResource.Registry)
            .WithEndpoint(port: port, targetPort: 27017, name: MongoDbServerResource.EndpointName, scheme: "tcp")
            .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", MongoDbServerResource.UserName)
            .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", root)
            .WithConnectionStringHealthCheck(cs => new MongoPingHealthCheck(cs));
    }

    public static IResourceBuilder<MongoDbDatabaseResource> AddDatabase(this IResourceBuilder<MongoDbServerResource> server, string name, string databaseName)
    {
        ResourceArguments.RequireDatabase(server, name, databaseName);
        return server.ApplicationBuilder.AddResource(new MongoDbDatabaseResource(name, databaseName, server.Resource));
    }

    /// <summary>A named volume for the data files; null names it after the app and the resource (Aspire's scheme).</summary>
    public static IResourceBuilder<MongoDbServerResource> WithDataVolume(this IResourceBuilder<MongoDbServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/data/db");
}
