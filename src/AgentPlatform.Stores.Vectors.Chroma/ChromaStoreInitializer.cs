using AgentPlatform.Domain;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Creates the Chroma tenant and database that hold the platform's collections.</summary>
public sealed class ChromaStoreInitializer(ChromaClient client, ChromaVectorIndexOptions options) : IStoreInitializer
{
    public string Store => StoreNames.Vectors;

    public async Task InitializeAsync(CancellationToken ct)
    {
        await client.GetOrCreateTenantAsync(options.Tenant, ct);
        await client.GetOrCreateDatabaseAsync(options.ChromaDatabase, ct);
    }
}
