namespace AgentPlatform.Client;

/// <summary>One service's /health answer: Status is Healthy, Degraded or Unhealthy (or the HTTP failure).</summary>
public sealed record ServiceHealth(string Service, bool Healthy, string Status);
