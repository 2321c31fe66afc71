using AgentPlatform.Search;

namespace AgentPlatform.SearchApi.Searching;

/// <summary>Fuses the engines' lists by the method Search:Fusion names, for knowledge and memory search alike.</summary>
internal static class HybridFusion
{
    public static IReadOnlyList<FusedHit<T>> Fuse<T>(SearchOptions options, IReadOnlyDictionary<string, IReadOnlyList<EngineHit<T>>> lists,
        IReadOnlyDictionary<string, double> weights, int limit = int.MaxValue) =>
        options.Fusion == FusionMethod.MinMax
            ? MinMaxFusion.Fuse(lists, weights, limit)
            : ReciprocalRankFusion.Fuse(lists, weights, options.RrfK, limit);
}
