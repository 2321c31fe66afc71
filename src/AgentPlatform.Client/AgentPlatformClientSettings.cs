using System.Data.Common;

namespace AgentPlatform.Client;

/// <summary>Where the platform's services are and which key to send. Bound from configuration section
/// <c>Aspire:AgentPlatform:Client</c> and the connection string
/// <c>Ingestion=…;Search=…;Analytics=…;ApiKey=…</c> (what the AppHost's reference hands a project); endpoints left
/// unset resolve by service discovery (<c>https+http://ingestion-api</c> and so on).</summary>
public sealed class AgentPlatformClientSettings
{
    public const string ConfigurationSection = "Aspire:AgentPlatform:Client";

    public Uri IngestionEndpoint { get; set; } = new("https+http://ingestion-api");
    public Uri SearchEndpoint { get; set; } = new("https+http://search-api");
    public Uri AnalyticsEndpoint { get; set; } = new("https+http://analytics-api");

    /// <summary>The key sent as X-Api-Key; it decides the tenant.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Leaves out the health check that asks each service's /health.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves out the client's spans (one per call, parent of the HTTP spans).</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Leaves out the retries of 429 and 503 (and of failed reads) after their Retry-After.</summary>
    public bool DisableRetries { get; set; }

    /// <summary>Reads the keys Ingestion, Search, Analytics and ApiKey (case-insensitive); others are refused.</summary>
    public void ParseConnectionString(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in parts.Keys)
        {
            var value = (string)parts[key];
            switch (key.ToLowerInvariant())
            {
                case "ingestion": IngestionEndpoint = new Uri(value); break;
                case "search": SearchEndpoint = new Uri(value); break;
                case "analytics": AnalyticsEndpoint = new Uri(value); break;
                case "apikey": ApiKey = value; break;
                default: throw new FormatException($"Unknown key '{key}' in the AgentPlatform connection string; use Ingestion, Search, Analytics and ApiKey.");
            }
        }
    }
}
