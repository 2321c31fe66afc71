using System.Security.Claims;
using AgentPlatform.Contracts;
using AgentPlatform.Knowledge;
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

    /// <summary>The collection the tenant's searches read (its active model's).</summary>
    private static async Task<CollectionStats> GetAsync(ClaimsPrincipal user, IVectorCollections vectors, TenantVectorModels models, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var stats = await vectors.Knowledge(await models.ActiveAsync(tenant, ct)).StatsAsync(tenant, ct);
        return new CollectionStats(tenant, stats.Collection, stats.Vectors, stats.EmbeddingModel);
    }
}
