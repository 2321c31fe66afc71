using AgentPlatform.Domain;

// In the port's namespace, so every test that holds a store reads one document the same way.
namespace AgentPlatform.Ports;

public static class KnowledgeDocumentStoreReads
{
    /// <summary>One entry's document through <see cref="IKnowledgeDocumentStore.GetManyAsync"/>, or null.</summary>
    public static async Task<KnowledgeDocument?> GetAsync(this IKnowledgeDocumentStore store, string tenantId, Guid entryId, CancellationToken ct) =>
        (await store.GetManyAsync(tenantId, [entryId], ct)).SingleOrDefault();
}
