using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Hosts;

/// <summary>One migrated database per test class, with the stores resolved through AddRelationalStore
/// exactly as a process gets them. Tests share it, so each one works in tenants of its own.</summary>
public abstract class RelationalDatabase : IAsyncLifetime
{
    private IHost? _host;

    /// <summary>A fresh, empty database; null when this machine has none (the tests then skip).</summary>
    protected abstract RelationalTarget? CreateTarget();

    /// <summary>Skips the calling test with its reason when <see cref="CreateSettings"/> gave nothing.</summary>
    protected virtual void SkipWhenUnavailable() =>
        throw new InvalidOperationException($"{GetType().Name} has no database.");

    protected virtual Task DropAsync() => Task.CompletedTask;

    public IServiceProvider Services
    {
        get
        {
            if (_host is null)
                SkipWhenUnavailable();
            return _host!.Services;
        }
    }

    public IAgentMemoryStore Memory => Services.GetRequiredService<IAgentMemoryStore>();

    public static IHost BuildHost(RelationalTarget target)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[StoreIntegration.BackendKey] = target.Backend.ToString();
        builder.Configuration[$"ConnectionStrings:{StoreNames.Relational}"] = target.ConnectionString;
        builder.AddRelationalStore(StoreNames.Relational);
        return builder.Build();
    }

    public async ValueTask InitializeAsync()
    {
        if (CreateTarget() is not { } target)
            return;
        _host = BuildHost(target);
        await _host.Services.GetServices<IStoreInitializer>().Single().InitializeAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is null)
            return;
        await DropAsync();
        _host.Dispose();
        GC.SuppressFinalize(this);
    }
}
