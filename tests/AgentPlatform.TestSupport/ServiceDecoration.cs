using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Support;

public static class ServiceDecoration
{
    /// <summary>Wraps the last registration of <typeparamref name="TService"/> in a decorator, keeping its lifetime:
    /// the real adapter does the work and the test observes or disturbs it. The adapter stays a registration of its
    /// own (under a private key), so the container still disposes it with the host: a stopped in-process worker must
    /// release what its adapters hold (the Lucene write lock) for the next one, as a stopped process does.</summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        var inner = services.Last(d => d.ServiceType == typeof(TService) && !d.IsKeyedService);
        var key = new object();
        services.Add(inner.ImplementationInstance is { } instance
            ? new ServiceDescriptor(typeof(TService), key, instance)
            : new ServiceDescriptor(typeof(TService), key, (sp, _) => Create(sp, inner), inner.Lifetime));
        services[services.IndexOf(inner)] = ServiceDescriptor.Describe(typeof(TService),
            sp => decorate(sp.GetRequiredKeyedService<TService>(key)), inner.Lifetime);
        return services;
    }

    private static object Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
