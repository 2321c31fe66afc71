namespace AgentPlatform.AppHost.Hosting;

/// <summary>A database on the MongoDB container: the URL's path names it.</summary>
public sealed class MongoDbDatabaseResource(string name, string databaseName, MongoDbServerResource parent)
    : Resource(name), IResourceWithParent<MongoDbServerResource>, IResourceWithConnectionString
{
    public MongoDbServerResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{MongoDbServerResource.UserName}:{Parent.PasswordParameter}@{Parent.PrimaryEndpoint.Property(EndpointProperty.Host)}:{Parent.PrimaryEndpoint.Property(EndpointProperty.Port)}/{DatabaseName}?authSource=admin");
}
