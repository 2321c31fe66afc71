using System.Security.Claims;
using AgentPlatform.Contracts;
using AgentPlatform.Ports;

namespace AgentPlatform.SearchApi.Apis;

/// <summary>The vector store's figures of the caller's tenant, from the service that queries it.</summary>
public static class CollectionStatsApi
{
    public const string Path = "/v1/admin/collection-stats";

    public static IEndpointRouteBuilder MapCollectionStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).WithTags("Admin").WithName("GetCollectionStats")
            .WithSummary("The tenant's vector collection: name, number of vectors and embedding model");
        return app;
    }

    private static async Task<CollectionStats> GetAsync(ClaimsPrincipal user, IVectorIndex vectors, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var stats = await vectors.StatsAsync(tenant, ct);
        return new CollectionStats(tenant, stats.Collection, stats.Vectors, stats.EmbeddingModel);
    }
}
