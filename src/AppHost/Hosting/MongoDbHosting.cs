using AgentPlatform.Storage.Health;
using MongoDB.Driver;

namespace Aspire.Hosting;

public sealed class MongoDbServerResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
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
    public static IResourceBuilder<MongoDbServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return builder.AddResource(new MongoDbServerResource(name, password))
            .WithImage("mongo", "8")
            .WithImageRegistry("docker.io")
            .WithEndpoint(port: port, targetPort: 27017, name: MongoDbServerResource.EndpointName, scheme: "tcp")
            .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", MongoDbServerResource.UserName)
            .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", password)
            .WithConnectionStringHealthCheck(cs => new MongoHealthCheck(new MongoClient(cs)));
    }

    public static IResourceBuilder<MongoDbDatabaseResource> AddDatabase(this IResourceBuilder<MongoDbServerResource> server, string name, string databaseName) =>
        server.ApplicationBuilder.AddResource(new MongoDbDatabaseResource(name, databaseName, server.Resource));

    public static IResourceBuilder<MongoDbServerResource> WithDataVolume(this IResourceBuilder<MongoDbServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"agentplatform-{builder.Resource.Name}-data", "/data/db");
}
