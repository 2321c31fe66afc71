using AgentPlatform.Domain;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>Applies the provider's migrations at start. EF Core's migration lock makes concurrent runs from
/// several processes safe; a database already up to date is left alone.</summary>
internal sealed class RelationalStoreInitializer(RelationalContexts contexts) : IStoreInitializer
{
    public string Store => StoreNames.Relational;

    public Task InitializeAsync(CancellationToken ct) =>
        contexts.RunAsync(tenantId: null, async db =>
        {
            await db.PrepareDatabaseAsync(ct);
            await db.Database.MigrateAsync(ct);
        }, ct);
}
