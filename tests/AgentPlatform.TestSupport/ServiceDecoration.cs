using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Support;

public static class ServiceDecoration
{
    /// <summary>Wraps the last registration of <typeparamref name="TService"/> in a decorator, keeping its lifetime:
    /// the real adapter does the work and the test observes or disturbs it.</summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        var inner = services.Last(d => d.ServiceType == typeof(TService) && !d.IsKeyedService);
        services[services.IndexOf(inner)] = ServiceDescriptor.Describe(typeof(TService), sp => decorate((TService)Create(sp, inner)), inner.Lifetime);
        return services;
    }

    private static object Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
