using AgentPlatform.Domain;
using AgentPlatform.Storage.Configuration;
using Microsoft.Extensions.Configuration;
using AgentPlatform.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace AgentPlatform.Storage;

/// <summary>The steps every store integration's <c>AddXxx</c> shares: settings, health check, tracing.</summary>
public static class StoreIntegration
{
    /// <summary>Store health checks carry it, so they show on /health.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Which adapters a process uses (local | containers); the AppHost passes it.</summary>
    public const string BackendKey = "AgentPlatform:Backend";

    public static StorageBackend Backend(IConfiguration configuration)
    {
        var text = configuration[BackendKey] ?? nameof(StorageBackend.Local);
        return Enum.TryParse<StorageBackend>(text, ignoreCase: true, out var backend) && Enum.IsDefined(backend)
            ? backend
            : throw new InvalidOperationException($"{BackendKey} must be 'local' or 'containers', not '{text}'.");
    }

    /// <summary>Binds the section, takes <c>ConnectionStrings:&lt;connectionName&gt;</c> over it, then runs the callback;
    /// a store without a connection string stops the process at registration, naming both keys.</summary>
    public static TSettings ReadSettings<TSettings>(this IHostApplicationBuilder builder, string sectionName, string connectionName,
        Action<TSettings>? configure) where TSettings : StoreSettings, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var settings = new TSettings();
        builder.Configuration.GetSection(sectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
            settings.ConnectionString = connectionString;
        configure?.Invoke(settings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            throw new InvalidOperationException(
                $"Connection string '{connectionName}' is not configured (ConnectionStrings:{connectionName} or {sectionName}:ConnectionString).");
        return settings;
    }

    /// <summary>Adds the store's health check, tagged ready and bounded by the settings' timeout, unless the settings
    /// disable it or a check of that name is already there (two integrations of one store share one entry).</summary>
    public static void TryAddHealthCheck(this IHostApplicationBuilder builder, StoreSettings settings, string name, Func<IServiceProvider, IHealthCheck> create)
    {
        var key = $"AgentPlatform.HealthChecks.{name}";
        if (settings.DisableHealthChecks || builder.Properties.ContainsKey(key))
            return;
        builder.Properties[key] = true;
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(name, create, failureStatus: null, tags: [ReadyTag], settings.HealthCheckTimeout));
    }

    /// <summary>Registers the integration's spans with OpenTelemetry tracing unless the settings disable it.</summary>
    public static void AddTracing(this IHostApplicationBuilder builder, StoreSettings settings, Action<TracerProviderBuilder> tracing)
    {
        if (!settings.DisableTracing)
            builder.Services.AddOpenTelemetry().WithTracing(tracing);
    }
    /// <summary>Registers the adapter once, as a singleton, and exposes it as <typeparamref name="TPort"/>: an adapter
    /// that implements several narrow ports is one instance behind all of them.</summary>
    public static IServiceCollection AddPort<TPort, TAdapter>(this IServiceCollection services)
        where TPort : class where TAdapter : class, TPort
    {
        services.TryAddSingleton<TAdapter>();
        services.AddSingleton<TPort>(sp => sp.GetRequiredService<TAdapter>());
        return services;
    }

    /// <summary>Exposes one conversation store adapter as every conversation port: history, writes, the message outbox,
    /// its reindex queue and status, and the analytics figures.</summary>
    public static void AddConversationStore<TStore>(this IServiceCollection services)
        where TStore : class, IConversationHistory, IConversationWriter, IMessageOutbox, IMessageReindexQueue, IMessageIndexingStatus, IConversationActivity =>
        services.AddPort<IConversationHistory, TStore>()
            .AddPort<IConversationWriter, TStore>()
            .AddPort<IMessageOutbox, TStore>()
            .AddPort<IMessageReindexQueue, TStore>()
            .AddPort<IMessageIndexingStatus, TStore>()
            .AddPort<IConversationActivity, TStore>();
}
