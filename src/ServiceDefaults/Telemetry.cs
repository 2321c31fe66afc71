using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentPlatform.ServiceDefaults;

/// <summary>The platform's own ActivitySource and Meter; every service registers both with OpenTelemetry.</summary>
public static class Telemetry
{
    public const string Name = "AgentPlatform";
    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);
}
