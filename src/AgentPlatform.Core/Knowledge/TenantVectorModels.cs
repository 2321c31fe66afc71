using System.Collections.Concurrent;
using AgentPlatform.Ports;

namespace AgentPlatform.Knowledge;

/// <summary>Each tenant's embedding model as the services see it. Searches read <see cref="VectorModelState.Active"/>
/// once per request (<see cref="ActiveAsync"/>), so every engine of one answer uses one model; writers call
/// <see cref="EnsureAsync"/>, which saves a new tenant's state and starts the move of a tenant whose active model is
/// not the configured one (the target is set before any vector of the configured model is written for it).</summary>
public sealed class TenantVectorModels(IVectorCollections collections, ConfiguredVectorSpace configured, TimeProvider clock)
{
    /// <summary>How long a search process keeps a tenant's active model before reading it again: the switch reaches
    /// every search within this time (each answer still from one model), and the grace period is longer.</summary>
    public static readonly TimeSpan ReadCacheTime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (string Active, DateTimeOffset ReadAt)> _active = new(StringComparer.Ordinal);

    public string Configured => configured.Name;

    /// <summary>The vector space the tenant's searches read: its active model, or the configured one for a tenant without vectors.</summary>
    public async Task<string> ActiveAsync(string tenantId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_active.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < ReadCacheTime)
            return cached.Active;
        var active = (await collections.GetStateAsync(tenantId, ct))?.Active ?? configured.Name;
        _active[tenantId] = (active, now);
        return active;
    }

    /// <summary>The tenant's state, saved when it changes: a new tenant starts on the configured model; a tenant on
    /// another model gets the configured one as its target (a target of an earlier configuration is given up and
    /// retired); a tenant back on its active model gives up its target.</summary>
    public async Task<VectorModelState> EnsureAsync(string tenantId, CancellationToken ct)
    {
        var stored = await collections.GetStateAsync(tenantId, ct);
        var state = stored ?? new VectorModelState { Active = configured.Name };
        var planned = state.Active == configured.Name
            ? state.Target is null ? state : GiveUpTarget(state)
            : state.Target == configured.Name ? state : GiveUpTarget(state) with { Target = configured.Name, StartedAt = clock.GetUtcNow() };
        if (stored is null || planned != stored)
            await collections.SaveStateAsync(tenantId, planned, ct);
        return planned;
    }

    /// <summary>A target given up is deleted like a model switched away from (unless another is already waiting for that).</summary>
    private VectorModelState GiveUpTarget(VectorModelState state) => state with
    {
        Target = null,
        Queued = false,
        StartedAt = null,
        EntriesTotal = 0,
        MessagesTotal = 0,
        Retired = state.Retired ?? state.Target,
        RetiredAt = state.Retired is null && state.Target is not null ? clock.GetUtcNow() : state.RetiredAt,
    };
}
