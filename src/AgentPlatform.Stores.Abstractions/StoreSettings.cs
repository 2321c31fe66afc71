namespace AgentPlatform.Storage.Configuration;

/// <summary>What every store integration's settings hold, in the Aspire client-integration shape: bound from the
/// integration's configuration section, then the connection string from <c>ConnectionStrings:&lt;name&gt;</c>, then the
/// caller's callback (<see cref="StoreIntegration.ReadSettings{TSettings}"/>).</summary>
public abstract class StoreSettings
{
    /// <summary>The store's connection string; <c>ConnectionStrings:&lt;name&gt;</c> overrides the section's value.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves the store's health check off /health.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves the store's spans out of the OpenTelemetry traces.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>How long one health evaluation of the store may take before it reports unhealthy.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
