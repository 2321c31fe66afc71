namespace AgentPlatform.Storage.Documents.Mongo;

internal static class MongoIds
{
    /// <summary>Tenant ids cannot contain ':', so "tenant:guid" is unambiguous.</summary>
    public static string Scoped(string tenantId, Guid id) => $"{tenantId}:{id:D}";
}
