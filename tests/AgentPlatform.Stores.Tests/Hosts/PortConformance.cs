using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Hosts;

/// <summary>The one hook of every port's conformance suite: the services its integration's AddXxx registered (given
/// by a class fixture per adapter); the suite resolves the ports it checks from them, as a process would.</summary>
public abstract class PortConformance
{
    /// <summary>The services of an initialized, reachable store, registered by its AddXxx.</summary>
    protected abstract IServiceProvider Services { get; }

    protected T Port<T>() where T : notnull => Services.GetRequiredService<T>();
}
