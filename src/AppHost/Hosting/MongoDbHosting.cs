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

/// <summary>A database on the MongoDB container: the URL's path names it.</summary>
public sealed class MongoDbDatabaseResource(string name, string databaseName, MongoDbServerResource parent)
    : Resource(name), IResourceWithParent<MongoDbServerResource>, IResourceWithConnectionString
{
    public MongoDbServerResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{MongoDbServerResource.UserName}:{Parent.PasswordParameter}@{Parent.PrimaryEndpoint.Property(EndpointProperty.Host)}:{Parent.PrimaryEndpoint.Property(EndpointProperty.Port)}/{DatabaseName}?authSource=admin");
}

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
