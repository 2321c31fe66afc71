using System.Net;
using AgentPlatform.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Polly;
using Polly.Retry;

namespace Microsoft.Extensions.DependencyInjection;

public static class AgentPlatformClientExtensions
{
    /// <summary>The connection name the AppHost's reference uses.</summary>
    public const string DefaultConnectionName = "agentplatform";

    /// <summary>Registers <see cref="AgentPlatformClient"/> with settings from <paramref name="configure"/> alone.</summary>
    public static IServiceCollection AddAgentPlatformClient(this IServiceCollection services, Action<AgentPlatformClientSettings> configure)
    {
        var settings = new AgentPlatformClientSettings();
        configure(settings);
        services.AddOptions<AgentPlatformClientSettings>().Configure(configure)
            .Validate(s => s.IngestionEndpoint.IsAbsoluteUri && s.SearchEndpoint.IsAbsoluteUri && s.AnalyticsEndpoint.IsAbsoluteUri,
                "AgentPlatform client endpoints (IngestionEndpoint, SearchEndpoint, AnalyticsEndpoint) must be absolute URIs.")
            .ValidateOnStart();
        services.TryAddSingleton<IAgentPlatformApiKeyProvider, ConfiguredApiKeyProvider>();
        services.TryAddTransient<ApiKeyHandler>();
        services.TryAddSingleton<AgentPlatformClient>();
        services.AddServiceDiscovery();
        AddHttpClient(services, AgentPlatformClient.IngestionHttpClient, s => s.IngestionEndpoint, settings.DisableRetries);
        AddHttpClient(services, AgentPlatformClient.SearchHttpClient, s => s.SearchEndpoint, settings.DisableRetries);
        AddHttpClient(services, AgentPlatformClient.AnalyticsHttpClient, s => s.AnalyticsEndpoint, settings.DisableRetries);
        return services;
    }

    /// <summary>The Aspire client-integration shape: settings from configuration section
    /// <see cref="AgentPlatformClientSettings.ConfigurationSection"/>, then the connection string
    /// <paramref name="connectionName"/> (the AppHost's reference), then <paramref name="configureSettings"/>; a health
    /// check (tagged "ready") and the client's spans unless the settings disable them.</summary>
    public static IHostApplicationBuilder AddAgentPlatformClient(this IHostApplicationBuilder builder,
        string connectionName = DefaultConnectionName, Action<AgentPlatformClientSettings>? configureSettings = null)
    {
        void Configure(AgentPlatformClientSettings settings)
        {
            builder.Configuration.GetSection(AgentPlatformClientSettings.ConfigurationSection).Bind(settings);
            if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
                settings.ParseConnectionString(connectionString);
            configureSettings?.Invoke(settings);
        }

        var settings = new AgentPlatformClientSettings();
        Configure(settings);
        builder.Services.AddAgentPlatformClient(Configure);
        if (!settings.DisableHealthChecks)
            builder.Services.AddHealthChecks().AddCheck<AgentPlatformHealthCheck>(connectionName, tags: ["ready"]);
        if (!settings.DisableTracing)
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(AgentPlatformClient.ActivitySourceName));
        return builder;
    }

    private static void AddHttpClient(IServiceCollection services, string name, Func<AgentPlatformClientSettings, Uri> endpoint, bool disableRetries)
    {
        var http = services.AddHttpClient(name, (provider, client) =>
                client.BaseAddress = endpoint(provider.GetRequiredService<IOptions<AgentPlatformClientSettings>>().Value))
            .AddHttpMessageHandler<ApiKeyHandler>();
        // A host's ConfigureHttpClientDefaults (Aspire service defaults) may have added a resilience handler already:
        // this client brings its own policy, and two stacked would retry each other.
#pragma warning disable EXTEXP0001 // evaluation API; the alternative is two retry policies nested
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        if (!disableRetries) http.AddStandardResilienceHandler(o => o.Retry.ShouldHandle = ShouldRetry);
        http.AddServiceDiscovery();
    }

    /// <summary>429 and 503 mean nothing was done (rate limit, store not ready): retried for every method, after
    /// their Retry-After. Other transient failures are retried only for reads, since a write may have happened.</summary>
    private static ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        if (args.Outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) return ValueTask.FromResult(true);
        var read = args.Context.GetRequestMessage()?.Method == HttpMethod.Get;
        return ValueTask.FromResult(read && HttpClientResiliencePredicates.IsTransient(args.Outcome));
    }
}
